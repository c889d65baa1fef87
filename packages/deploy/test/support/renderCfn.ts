/** Stand-ins for the pseudo parameters CloudFormation fills at deploy. */
export const PSEUDO = { 'AWS::Partition': 'aws', 'AWS::Region': 'ap-northeast-2', 'AWS::AccountId': '000000000000' };

/**
 * A template value with its intrinsic functions evaluated the way CloudFormation would, as far as a test needs:
 * `Fn::Sub` (string form) and `Ref` of pseudo parameters filled from `PSEUDO`, `Ref X` → `<X>`,
 * `Fn::GetAtt [X, A]` → `<X.A>`, `Fn::Join` joined. So an ARN reads as a string an assertion can compare.
 */
export function renderCfn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderCfn);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = o[key];
    if (key === 'Fn::Sub' && typeof arg === 'string') {
      return arg
        .replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => PSEUDO[name as keyof typeof PSEUDO] ?? `<${name}>`)
        .replaceAll('${!', '${');
    }
    if (key === 'Ref' && typeof arg === 'string') return PSEUDO[arg as keyof typeof PSEUDO] ?? `<${arg}>`;
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) return `<${arg.join('.')}>`;
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [sep, parts] = arg as [string, unknown[]];
      return parts.map((p) => String(renderCfn(p))).join(sep);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, renderCfn(o[k])]));
}
