import type { LocalStack } from '@ferry/local-stack';

/** Messages (visible and in flight) in the warehouse DLQ, the stream DLQ and the merge worker's failure queue. */
export async function deadLetterDepths(stack: LocalStack): Promise<[number, number, number]> {
  const t = stack.topology;
  const depth = async (url: string) => {
    const d = await stack.queueDepth(url);
    return d.visible + d.inFlight;
  };
  return [await depth(t.warehouseDlqUrl), await depth(t.streamDlqUrl), await depth(t.mergeFailureQueueUrl)];
}
