// The SLA report's query (issue 23): a range of UTC days and optionally one department.
import { z } from 'zod';

const day = (name: string) => z.iso.date({ error: `${name} must be a date such as 2026-12-01 (YYYY-MM-DD, a UTC day)` });

export const SlaReportParams = z.strictObject({
  from: day('from'),
  to: day('to'),
  department: z.string().trim().min(1).max(64).optional(),
});
export type SlaReportParams = z.infer<typeof SlaReportParams>;
