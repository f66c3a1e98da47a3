/** Channel names shared by the preload bridge and the main-process router: one per method, one per event. */
export const methodChannel = (name: string): string => `wb:call:${name}`;
export const eventChannel = (name: string): string => `wb:event:${name}`;
