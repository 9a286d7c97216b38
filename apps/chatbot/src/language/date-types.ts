import type { IsoDate } from "./calendar.ts";
import type { Span } from "./text.ts";

export interface DateContext {
  today: IsoDate;
  /** Month-first numeric dates are the likelier reading (US clinics). */
  usOrder: boolean;
  /**
   * The clinic's wall clock as a host-local Date, which is what chrono computes in; only its
   * calendar fields are ever read back.
   */
  reference: Date;
}

export type DateValue =
  | { kind: "day"; date: IsoDate; weekdayOnly?: number }
  | { kind: "range"; from: IsoDate; to: IsoDate }
  | { kind: "ambiguous"; dates: IsoDate[] }
  | { kind: "invalid" };

export interface DateMention extends Span {
  value: DateValue;
}
