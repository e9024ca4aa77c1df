import { slaReport } from '../shared/app/sla-report';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { staffActor } from '../shared/http/request-context';
import { readQuery } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { SlaReportParams } from '../shared/schemas/sla-report';

/** Per SLA plan and department: targets due, met and breached, and median business times (agents with stats.agents). */
export async function staffSlaReport(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  return json(200, await slaReport(await services(), actor, readQuery(request, SlaReportParams)));
}

httpFunction({
  name: 'staff-sla-report', route: 'staff/sla-report', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'SLA figures per plan and department over a range of UTC days (at most 366), from the counters the event consumers keep; needs the stats.agents permission',
    tag: 'staff',
    security: 'staff',
    query: SlaReportParams,
    success: {
      status: 200,
      description:
        '`{ from, to, department, rows: [{ slaPlanId, slaPlanName, departmentId, departmentName, firstResponse, resolution }] }`; each target has `due` (met + breached in the range), `met`, `breached`, `reached` (times counted), `median` (`{ minutes, from, to }`: business minutes, read from the fixed-bucket histogram `minutes`, or null) and `minutes`',
    },
    errors: [400, 401, 403],
  },
  handler: staffSlaReport,
});
