import type { BlindRound, ShiftResult } from '../../../../electron/shared/contract/compare.ts';
import { createSessionStore } from '../../app/sessionStore.ts';
import type { PlacementChoice } from './PlacementBadge.tsx';
import type { ShiftSource } from './ShiftPanel.tsx';
import { createCompareJobStore } from './useCompareJob.ts';

/**
 * Compare's state while the app runs (contenders and prompt are in local storage and survive restarts too):
 * each view's job and output, the open tab, the shift view's result and the blind round, so leaving the page
 * mid-run and coming back shows the same outputs.
 */
export type CompareTab = 'side' | 'shift' | 'sets' | 'blind' | 'history';

export const compareTab = createSessionStore<CompareTab>('side', { persistAs: 'compare.tab' });
export const comparePlacement = createSessionStore<PlacementChoice>('auto', { persistAs: 'compare.placement' });
export const compareShiftSource = createSessionStore<ShiftSource>({ source: 'reference', reference: '' }, { persistAs: 'compare.shiftSource' });
export const compareShiftResult = createSessionStore<ShiftResult | null>(null);
export const sideBySideJob = createCompareJobStore();
export const sideBySideRunId = createSessionStore<string | null>(null);
export const promptSetJob = createCompareJobStore();
export const promptSetRunId = createSessionStore<string | null>(null);
export const promptSetText = createSessionStore('', { persistAs: 'compare.promptSetText' });
export const promptSetFileName = createSessionStore('', { persistAs: 'compare.promptSetFileName' });
export const promptSetName = createSessionStore('', { persistAs: 'compare.promptSetName' });
export const blindJob = createCompareJobStore();
export const blindRound = createSessionStore<{ round: BlindRound | null; problem: string | null; votes: number }>({ round: null, problem: null, votes: 0 });
