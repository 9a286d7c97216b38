import { describe, expect, it } from "vitest";
import {
  describeDate,
  describeSlot,
  formatList,
  formatNumberedList,
  formatTime,
} from "./format.ts";

describe("describeSlot", () => {
  it("shows the instant on the clinic's clock", () => {
    expect(describeSlot("2026-12-04T10:00:00Z", "Europe/London")).toBe("Fri 4 Dec, 10:00");
    expect(describeSlot("2026-12-04T15:30:00Z", "America/New_York")).toBe("Fri 4 Dec, 10:30");
  });

  it("applies summer time and can change the day", () => {
    expect(describeSlot("2026-03-29T09:00:00Z", "Europe/London")).toBe("Sun 29 Mar, 10:00");
    expect(describeSlot("2026-12-05T02:00:00Z", "America/New_York")).toBe("Fri 4 Dec, 21:00");
  });

  it("rejects a malformed timestamp", () => {
    expect(() => describeSlot("next friday", "Europe/London")).toThrow(RangeError);
  });
});

describe("small formatters", () => {
  it("formats times and dates", () => {
    expect(formatTime(630)).toBe("10:30");
    expect(formatTime(0)).toBe("00:00");
    expect(describeDate("2027-01-01")).toBe("Fri 1 Jan");
  });

  it("joins lists in plain English", () => {
    expect(formatList([])).toBe("");
    expect(formatList(["Dr Lee"])).toBe("Dr Lee");
    expect(formatList(["Dr Lee", "Dr Patel"])).toBe("Dr Lee and Dr Patel");
    expect(formatList(["10:00", "11:30", "14:00"], "or")).toBe("10:00, 11:30 or 14:00");
  });

  it("numbers options from 1", () => {
    expect(formatNumberedList(["Fri 4 Dec, 10:00", "Fri 4 Dec, 11:30"])).toBe(
      "1. Fri 4 Dec, 10:00\n2. Fri 4 Dec, 11:30",
    );
  });
});
