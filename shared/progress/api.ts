/** Moved to shared/progress/contract.ts (the progress capability's contract); kept for importers. */
export * from './contract.ts';
