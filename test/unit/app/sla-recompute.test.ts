// SLA recompute jobs without a polling timer: starting a job schedules its own message after the
// directory cache's delay; the message works the job page after page to the end; a job whose
// message could not be sent is picked up by the rare safety-net run.
import { RECOMPUTE_DELAY_MS, runRecomputeJob, runRecomputes, startRecompute } from '../../../shared/app/sla-recompute';
import { DomainError } from '../../../shared/domain/errors';
import { ManualClock, memoryApp } from '../../support/in-memory';
import { directory, newTicket } from '../../support/mothers';

const d = directory();

function appWithOpenTickets(count: number) {
  const app = memoryApp({ clock: new ManualClock(Date.parse('2026-11-24T10:00:00.000Z')) });
  for (let i = 0; i < count; i++) app.tickets.seed(newTicket(d, { number: String(500_000 + i) }));
  return app;
}

describe('an SLA recompute job', () => {
  test('is scheduled as a message for when every instance has dropped its cached directory', async () => {
    const { deps, dueTimes } = appWithOpenTickets(0);
    const job = await startRecompute(deps, 'Schedule 24-7', null);
    expect(dueTimes.recomputes).toEqual([{ jobId: job.id, at: new Date(Date.parse(job.createdAt) + RECOMPUTE_DELAY_MS).toISOString() }]);
  });

  test('its message works it page after page until every open ticket is scanned', async () => {
    const { deps, tickets } = appWithOpenTickets(7);
    const job = await startRecompute(deps, 'Schedule 24-7', null);
    const done = await runRecomputeJob(deps, job.id, 3);
    expect(done).toMatchObject({ status: 'done', scanned: 7 });
    expect(tickets.outcomes('openAfter')).toHaveLength(3); // 3, 3, then 1 ends it
  });

  test('a job whose message could not be sent is picked up by the safety-net run', async () => {
    const { deps, dueTimes, log, clock } = appWithOpenTickets(2);
    dueTimes.failNext('scheduleRecompute', new DomainError('unavailable', 'Service Bus is unavailable'));
    const job = await startRecompute(deps, 'Schedule 24-7', null);
    expect(log.lines.warn).toEqual([expect.stringMatching(/could not be scheduled; the sla-recompute timer will pick it up/)]);
    (clock as ManualClock).advance(RECOMPUTE_DELAY_MS);
    expect(await runRecomputes(deps)).toBe(1);
    expect((await deps.directory.get('slaRecompute', job.id))?.value).toMatchObject({ status: 'done', scanned: 2 });
  });

  test('a message for a job that no longer exists does nothing', async () => {
    const { deps } = appWithOpenTickets(1);
    await expect(runRecomputeJob(deps, 'gone')).resolves.toBeNull();
  });
});
