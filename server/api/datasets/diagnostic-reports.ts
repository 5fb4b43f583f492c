import type { DiagnosticReport, Observation, Resource } from 'fhir/r4';
import type { Dataset } from './types.js';

const COLUMNS = ['report_id', 'patient_id', 'code', 'display', 'category', 'effective_date', 'status', 'result_count'];

/**
 * Lab reports of the members (FHIR DiagnosticReport, https://hl7.org/fhir/R4/diagnosticreport.html), each with
 * the Observations it groups (DiagnosticReport.result), so a Bundle or NDJSON file resolves its own references.
 */
export const DIAGNOSTIC_REPORTS: Dataset<undefined> = {
  name: 'diagnostic-reports',
  message: '',
  columns: COLUMNS.map((name) => ({ name, type: name === 'result_count' ? ('int32' as const) : ('string' as const) })),
  formats: ['fhir', 'ndjson', 'json', 'csv'],
  clinical: true,
  scanFactor: 4,
  options: () => undefined,
  records(member, _selection, _options, limit) {
    const reports = member.resources.filter((r): r is DiagnosticReport => r.resourceType === 'DiagnosticReport').slice(0, limit);
    const observations = new Map(member.resources.filter((r): r is Observation => r.resourceType === 'Observation').map((o) => [`Observation/${o.id}`, o]));
    const resources: Resource[] = [];
    const rows = reports.map((report) => {
      resources.push(report);
      for (const ref of report.result ?? []) {
        const observation = ref.reference ? observations.get(ref.reference) : undefined;
        if (observation) resources.push(observation);
      }
      const coding = report.code.coding?.[0];
      return {
        report_id: report.id,
        patient_id: member.patient.id,
        code: coding?.code,
        display: coding?.display ?? report.code.text,
        category: report.category?.[0]?.coding?.[0]?.code,
        effective_date: report.effectiveDateTime ?? report.effectivePeriod?.start,
        status: report.status,
        result_count: report.result?.length ?? 0,
      };
    });
    return { rows, resources, context: resources };
  },
};
