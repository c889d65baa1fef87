import { IAM_WILDCARDS } from '../../src/index.js';

/** Services whose actions read or write data: never on `"*"`. */
const DATA_SERVICES = ['s3', 'sqs', 'kinesis', 'secretsmanager', 'kms', 'sns', 'dynamodb'];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
}

/**
 * Every `*` in an Allow statement's resource, anywhere in the template (role policies, bucket, queue and topic
 * policies), that `IAM_WILDCARDS` does not explain for all of the statement's actions; and every data action
 * allowed on `"*"`. Deny statements only take permissions away, so their `*` (e.g. the deployment bucket's
 * TLS-only rule) is not a grant. Resources are compared as written (`Fn::Sub` templates unrendered).
 */
export function wildcardViolations(template: { Resources: Record<string, unknown> }): string[] {
  const out: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const statement of statementsOf(resource)) {
      if (statement.Effect !== 'Allow') continue;
      const actions = [statement.Action].flat();
      for (const r of [statement.Resource ?? []].flat()) {
        const text = typeof r === 'string' ? r : (r as { 'Fn::Sub'?: unknown })['Fn::Sub'];
        if (typeof text !== 'string') continue; // Ref / GetAtt: one named resource
        if (!text.includes('*')) continue;
        if (text === '*') {
          const data = actions.filter((a) => DATA_SERVICES.includes(a.split(':')[0]!));
          if (data.length > 0) out.push(`${id}: data action(s) ${data.join(', ')} on "*"`);
        }
        const explained = IAM_WILDCARDS.some(
          (w) => w.pattern.test(text) && actions.every((a) => (w.actions as readonly string[]).includes(a)),
        );
        if (!explained) out.push(`${id}: ${actions.join(', ')} on ${JSON.stringify(text)} is not in IAM_WILDCARDS`);
      }
    }
  }
  return out;
}

function statementsOf(resource: unknown): Statement[] {
  const r = resource as { Type?: string; Properties?: Record<string, unknown> };
  const p = r.Properties ?? {};
  const docs: unknown[] = [];
  if (r.Type === 'AWS::IAM::Role') {
    for (const policy of (p.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
      docs.push(policy.PolicyDocument);
  } else if (p.PolicyDocument !== undefined) {
    docs.push(p.PolicyDocument);
  }
  return docs.flatMap((d) => [(d as { Statement: Statement | Statement[] }).Statement].flat());
}
