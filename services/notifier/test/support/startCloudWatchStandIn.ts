import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type State = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface StateUpdate {
  readonly alarmName: string;
  readonly at: Date;
  readonly from: State;
  readonly to: State;
}

export interface CloudWatchStandIn {
  /** `http://127.0.0.1:<port>`: give it to the client as `endpoint`. */
  readonly endpoint: string;
  /** The alarm history served, any order. */
  readonly history: StateUpdate[];
  /** Every DescribeAlarmHistory request's input, as sent. */
  readonly requests: Record<string, unknown>[];
  /** Answer the next requests with this error (`AccessDenied`, …) instead; undefined to stop. */
  fail(errorType: string | undefined): void;
  stop(): Promise<void>;
}

/**
 * CloudWatch's DescribeAlarmHistory on a free localhost port, over the AWS JSON 1.0 protocol the real
 * `@aws-sdk/client-cloudwatch` speaks: state updates of the named alarm up to `EndDate`, newest first with
 * `ScanBy: TimestampDescending`, at most `MaxRecords`, with `HistoryData` as CloudWatch writes it.
 */
export async function startCloudWatchStandIn(): Promise<CloudWatchStandIn> {
  const history: StateUpdate[] = [];
  const requests: Record<string, unknown>[] = [];
  let failure: string | undefined;
  const send = (response: ServerResponse, status: number, payload: unknown) => {
    const text = JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'standin' });
    response.end(text);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (request.headers['x-amz-target'] !== 'GraniteServiceVersion20100801.DescribeAlarmHistory') {
        send(response, 400, { __type: 'UnknownOperationException', message: 'not served here' });
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push(input);
      if (failure !== undefined) {
        send(response, 400, {
          __type: failure,
          message: 'User is not authorized to perform cloudwatch:DescribeAlarmHistory',
        });
        return;
      }
      const end = typeof input.EndDate === 'number' ? input.EndDate * 1000 : Number.POSITIVE_INFINITY;
      const items = history
        .filter((h) => h.alarmName === input.AlarmName && h.at.getTime() <= end)
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      if (input.ScanBy === 'TimestampDescending') items.reverse();
      const max = typeof input.MaxRecords === 'number' ? input.MaxRecords : 50;
      send(response, 200, {
        AlarmHistoryItems: items.slice(0, max).map((h) => ({
          AlarmName: h.alarmName,
          AlarmType: 'MetricAlarm',
          Timestamp: h.at.getTime() / 1000,
          HistoryItemType: 'StateUpdate',
          HistorySummary: `Alarm updated from ${h.from} to ${h.to}`,
          HistoryData: JSON.stringify({
            version: '1.0',
            oldState: { stateValue: h.from, stateReason: `was ${h.from}` },
            newState: { stateValue: h.to, stateReason: `now ${h.to}` },
          }),
        })),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    history,
    requests,
    fail(errorType) {
      failure = errorType;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
