import { slaReport } from '../../shared/app/sla-report';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor } from '../../shared/http/request-context';
import { readQuery } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { SlaReportParams } from '../../shared/schemas/sla-report';

/** Per SLA plan and department: targets due, met and breached, and median business times (agents with stats.agents). */
export async function staffSlaReport(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  return json(200, await slaReport(await services(), actor, readQuery(request, SlaReportParams)));
}
