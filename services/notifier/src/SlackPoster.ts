import type { SlackMessage } from './SlackMessage.js';

/** Posts one message to the stage's Slack channel; throws when Slack did not take it. */
export type SlackPoster = (message: SlackMessage) => Promise<void>;
