// Prometheus metrics of the reporting service (names in docs/observability.md). Why these: how many
// versions are generated and how long one takes (a PDF of a long period is the expensive case),
// whether schedules deliver or fail (a failing SMTP server shows here before users notice), and
// what the sweeper removes (retention working, crash leftovers).
import { Counter, Histogram, type Registry } from 'prom-client';

/** The reporting service's metrics. */
export interface ReportingMetrics {
  generated: Counter<'kind' | 'format' | 'trigger'>;
  generationSeconds: Histogram<'kind' | 'format'>;
  scheduleRuns: Counter<'outcome'>;
  swept: Counter<'reason'>;
}

/** Registers the metrics in `registry`. */
export function createReportingMetrics(registry: Registry): ReportingMetrics {
  return {
    generated: new Counter({
      name: 'kestrel_reports_generated_total',
      help: 'Report versions generated and stored.',
      labelNames: ['kind', 'format', 'trigger'],
      registers: [registry],
    }),
    generationSeconds: new Histogram({
      name: 'kestrel_report_generation_seconds',
      help: 'Time to read, lay out, render and store one report version.',
      labelNames: ['kind', 'format'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    scheduleRuns: new Counter({
      name: 'kestrel_report_schedule_runs_total',
      help: 'Scheduled report runs by outcome (delivered: stored and, with recipients, e-mailed).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    swept: new Counter({
      name: 'kestrel_report_objects_swept_total',
      help: 'Report objects deleted by the sweeper: expired versions and orphans.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
