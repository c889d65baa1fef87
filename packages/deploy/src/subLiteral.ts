/** Text placed in an `Fn::Sub` template as it is: `${` would start a substitution, `${!` writes it literally. */
export function subLiteral(text: string): string {
  return text.replaceAll('${', '${!');
}
