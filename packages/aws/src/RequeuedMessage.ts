/** A message to put back on its queue, as it was received, to be seen again after `delaySeconds`. */
export interface RequeuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly delaySeconds: number;
}
