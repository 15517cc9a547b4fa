export type {
  HeatmapResponse, HeatPoint, LedgerItem, LedgerResponse, RankingResponse, RankingRow, TargetRow,
} from '../../../shared/progress/contract.ts';
export type { RankingOrder } from '../../../shared/progress/ranking.ts';
