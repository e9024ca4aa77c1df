import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-sla-report', route: 'staff/sla-report', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'SLA figures per plan and department over a range of UTC days (at most 366), from the counters the event consumers keep; needs the stats.agents permission',
    tag: 'staff',
    security: 'staff',
    query: 'SlaReportParams',
    success: {
      status: 200,
      description:
        '`{ from, to, department, rows: [{ slaPlanId, slaPlanName, departmentId, departmentName, firstResponse, resolution }] }`; each target has `due` (met + breached in the range), `met`, `breached`, `reached` (times counted), `median` (`{ minutes, from, to }`: business minutes, read from the fixed-bucket histogram `minutes`, or null) and `minutes`',
    },
    errors: [400, 401, 403],
  },
  handler: onFirstCall(() => import('./handlers/staff-sla-report'), 'staffSlaReport'),
});
