// Every ticket a queue holds, paged to the end: a count read from one 100-item page goes blind
// (stops changing) once a stack holds more than 100 tickets.
import type { client } from './stack';

export interface ListedTicket {
  number: string;
  subject: string;
}

export async function allTickets(api: ReturnType<typeof client>, token: string, queues: string[] = ['open', 'closed']): Promise<ListedTicket[]> {
  const all: ListedTicket[] = [];
  for (const queue of queues) {
    let cursor: string | null = null;
    do {
      const res = await api.get(`/staff/tickets?queue=${queue}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      if (res.status !== 200) throw new Error(`GET /staff/tickets?queue=${queue}: ${res.status} ${JSON.stringify(res.body)}`);
      all.push(...(res.body.items as ListedTicket[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
  }
  return all;
}
