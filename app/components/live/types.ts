import type { LiveCommand } from '../../../protocol/live.ts';
import type { CommandError } from '../../live/use-live-session.ts';

/** Sends one live command; resolves with null when applied, or its error. */
export type SendCommand = (command: LiveCommand) => Promise<CommandError | null>;
