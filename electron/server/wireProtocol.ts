import { z } from 'zod';
import { workbenchErrorSchema } from '../shared/contract/errors.ts';

/** What travels over the browser WebSocket: calls with ids, their answers, and pushed events. */
export const clientMessageSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int(),
  method: z.string(),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number().int(), output: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number().int(), error: workbenchErrorSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
