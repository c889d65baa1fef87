import { z } from 'zod';

/** An empty variable counts as unset: deployment templates tend to write `''` for "none". */
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const schema = z
  .object({
    /** The stage the notifier reports for; every message names it, and the commands it suggests take it. */
    FERRY_STAGE: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a stage name: letters, digits, - and _'),
    /** Name or ARN of the Secrets Manager secret whose string is the Slack incoming-webhook URL. */
    FERRY_SLACK_WEBHOOK_SECRET: optional,
    /** The webhook URL itself, for local runs only: on Lambda it stays in Secrets Manager. */
    FERRY_SLACK_WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'not an http(s) URL' }).optional()),
    /** Set by Lambda: tells a deployed function from a local run. */
    AWS_LAMBDA_FUNCTION_NAME: optional,
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.FERRY_SLACK_WEBHOOK_SECRET !== undefined && c.FERRY_SLACK_WEBHOOK_URL !== undefined) {
      issue('FERRY_SLACK_WEBHOOK_URL', 'set FERRY_SLACK_WEBHOOK_SECRET or FERRY_SLACK_WEBHOOK_URL, not both');
    } else if (c.FERRY_SLACK_WEBHOOK_SECRET === undefined && c.FERRY_SLACK_WEBHOOK_URL === undefined) {
      issue('FERRY_SLACK_WEBHOOK_SECRET', 'required: the Secrets Manager secret holding the Slack webhook URL');
    } else if (c.FERRY_SLACK_WEBHOOK_URL !== undefined && c.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
      issue(
        'FERRY_SLACK_WEBHOOK_URL',
        'for local runs only: on Lambda, keep the URL in Secrets Manager and name the secret in FERRY_SLACK_WEBHOOK_SECRET',
      );
    }
  });

export type NotifierConfig = ReturnType<typeof loadConfig>;

/**
 * The function's typed configuration, read from its environment once; a missing or conflicting value is named.
 * The webhook URL's value never appears in an error (it is a secret).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`notifier configuration is invalid: ${problems}`);
  }
  const { FERRY_STAGE: stage, FERRY_SLACK_WEBHOOK_URL: url, FERRY_SLACK_WEBHOOK_SECRET: secretId } = parsed.data;
  // The refinement above leaves exactly one of the two set.
  const webhook: { readonly url: string } | { readonly secretId: string } =
    url !== undefined ? { url } : { secretId: secretId! };
  return { stage, webhook };
}
