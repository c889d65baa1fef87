import type { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/**
 * Publishes one table's metrics as one EMF blob with a `table` dimension, so CloudWatch can alarm per table
 * (rows, files, lag, failures). Powertools' `singleMetric()` would drop the dimension after the first metric
 * and write past a routed console; publishing the stored set does neither. Call it before adding any metric
 * that is not per table, or that one would be published with this table's dimension.
 */
export function publishTableMetrics(
  metrics: Metrics,
  table: string,
  values: readonly (readonly [name: string, unit: Unit, value: number])[],
): void {
  metrics.addDimension('table', table);
  for (const [name, unit, value] of values) metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
}
