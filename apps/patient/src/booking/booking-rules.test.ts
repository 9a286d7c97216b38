import { describe, expect, it } from "vitest";
import {
  cancelRule,
  formatCountdown,
  nextDays,
  splitAppointments,
  spokenCountdown,
} from "./booking-rules.ts";

const now = Date.parse("2026-07-01T09:00:00Z");

describe("booking rules", () => {
  it("offers the next 14 days", () => {
    const days = nextDays("2026-07-25");
    expect(days).toHaveLength(14);
    expect(days[0]).toBe("2026-07-25");
    expect(days[13]).toBe("2026-08-07");
  });

  it("formats the hold countdown", () => {
    expect(formatCountdown(300_000)).toBe("5:00");
    expect(formatCountdown(299_500)).toBe("4:59");
    expect(formatCountdown(9_000)).toBe("0:09");
    expect(formatCountdown(-5)).toBe("0:00");
    expect(spokenCountdown(61_000)).toBe("1 minute 1 second");
    expect(spokenCountdown(120_000)).toBe("2 minutes");
    expect(spokenCountdown(0)).toBe("0 seconds");
  });

  it("allows cancelling until one hour before the start", () => {
    expect(cancelRule({ startsAt: "2026-07-01T10:00:00Z", status: "confirmed" }, now)).toEqual({
      allowed: true,
    });
    const late = cancelRule({ startsAt: "2026-07-01T09:59:00Z", status: "pending" }, now);
    expect(late.allowed).toBe(false);
    expect(late.allowed ? "" : late.reason).toBe(
      "Appointments can't be cancelled within 1 hour of the start; please call the clinic.",
    );
    expect(cancelRule({ startsAt: "2026-07-02T10:00:00Z", status: "cancelled" }, now).allowed).toBe(
      false,
    );
  });

  it("splits upcoming from past", () => {
    const a = (id: string, startsAt: string, status = "confirmed") => ({
      id,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
      status,
    });
    const { upcoming, past } = splitAppointments(
      [
        a("later", "2026-07-03T09:00:00Z"),
        a("soon", "2026-07-01T08:45:00Z"),
        a("old", "2026-06-01T09:00:00Z", "completed"),
        a("gone", "2026-07-05T09:00:00Z", "cancelled"),
      ],
      now,
    );
    expect(upcoming.map((x) => x.id)).toEqual(["soon", "later"]);
    expect(past.map((x) => x.id)).toEqual(["gone", "old"]);
  });
});
