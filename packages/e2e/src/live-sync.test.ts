import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newSession, screenshot } from "./harness/browser.ts";
import { type Clinic, startClinic } from "./harness/clinic.ts";
import {
  adminGoTo,
  calendarAppointment,
  chooseDentist,
  pickDayWithSlots,
  shownSlots,
  signInAdmin,
  signInPatient,
  slotButton,
  slotsLoaded,
} from "./harness/flows.ts";

// Two people at once, in two isolated browser sessions against the real server: what one does
// must appear on the other's open screen without a reload.

let clinic: Clinic;
let browser: Browser;

beforeAll(async () => {
  clinic = await startClinic({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await clinic?.close();
});

/** Asserts a delay and prints it, so a run shows how close to the limit it came. */
function within(label: string, startedAt: number, limitMs: number): void {
  const ms = Date.now() - startedAt;
  console.info(`${label}: ${ms} ms (limit ${limitMs} ms)`);
  expect(ms).toBeLessThan(limitMs);
}

const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];
const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Patient holds the first free slot of a day with slots and confirms it; returns its id. */
async function bookFirstSlot(
  patient: Awaited<ReturnType<typeof newSession>>["page"],
  options: { before?: () => Promise<void> } = {},
) {
  const date = await pickDayWithSlots(patient);
  await patient.getByTestId("slot").first().click();
  await patient.getByTestId("hold-panel").waitFor();
  await options.before?.();
  const clickedAt = Date.now();
  await patient.getByRole("button", { name: "Confirm booking" }).click();
  const done = patient.getByTestId("booking-done");
  await done.waitFor();
  const id = (await done.getAttribute("data-appointment-id")) ?? "";
  return { id, date, clickedAt };
}

describe("live sync between the patient app and the admin dashboard", () => {
  it("1. a patient's booking appears on the admin's open calendar within a second", async () => {
    const admin = await newSession(browser);
    const patient = await newSession(browser);
    try {
      await signInAdmin(admin.page, clinic.url);
      await signInPatient(patient.page, clinic.url, "patient04@demo.clinic");
      const date = await pickDayWithSlots(patient.page);
      await adminGoTo(admin.page, date);
      await screenshot(admin.page, "admin-calendar-week");

      await patient.page.getByTestId("slot").first().click();
      await patient.page.getByTestId("hold-panel").waitFor();
      await expect
        .poll(() => patient.page.getByTestId("hold-countdown").textContent())
        .toMatch(/^[45]:\d\d$/);
      await screenshot(patient.page, "patient-hold-countdown");

      const clickedAt = Date.now();
      await patient.page.getByRole("button", { name: "Confirm booking" }).click();
      const done = patient.page.getByTestId("booking-done");
      await done.waitFor();
      const id = (await done.getAttribute("data-appointment-id")) ?? "";
      await calendarAppointment(admin.page, id).waitFor({ timeout: 5_000 });
      within("booking click → on the admin calendar", clickedAt, 1_000);

      await expect
        .poll(() => admin.page.getByTestId("toast").allTextContents())
        .toContainEqual(expect.stringContaining("New booking: George Walker"));
      await expect(calendarAppointment(admin.page, id).getAttribute("data-status")).resolves.toBe(
        "pending",
      );
      await screenshot(admin.page, "admin-calendar-live-booking");
      await screenshot(patient.page, "patient-booked");
    } finally {
      await admin.context.close();
      await patient.context.close();
    }
  });

  it("2. an admin's change of a dentist's hours updates the patient's open slot picker", async () => {
    const admin = await newSession(browser);
    const patient = await newSession(browser);
    try {
      await signInPatient(patient.page, clinic.url, "patient05@demo.clinic");
      await chooseDentist(patient.page, "Dr. Sofia Garcia");
      const date = await pickDayWithSlots(patient.page);
      const before = await shownSlots(patient.page);
      expect(before.length).toBeGreaterThan(3);

      await signInAdmin(admin.page, clinic.url);
      await admin.page.getByRole("link", { name: "Availability" }).click();
      await chooseDentist(admin.page, "Dr. Sofia Garcia");
      const name = WEEKDAY_NAMES[weekdayOf(date)] ?? "";
      const day = admin.page.getByTestId(`weekday-${weekdayOf(date) || 7}`);
      await day
        .getByRole("button", { name: /^Remove/ })
        .first()
        .waitFor();
      while ((await day.getByRole("button", { name: /^Remove/ }).count()) > 0) {
        await day
          .getByRole("button", { name: /^Remove/ })
          .first()
          .click();
      }
      await day.getByRole("button", { name: `Add hours on ${name}` }).click();
      await admin.page.getByLabel(`${name} range 1 start`).fill("18:00");
      await admin.page.getByLabel(`${name} range 1 end`).fill("19:00");
      await screenshot(admin.page, "admin-availability-editor");

      const savedAt = Date.now();
      await admin.page.getByRole("button", { name: "Save weekly hours" }).click();
      await admin.page.getByText("Saved. Patients see the new hours now.").waitFor();
      await expect
        .poll(() => patient.page.getByTestId("slot").allTextContents(), {
          timeout: 3_000,
          interval: 50,
        })
        .toEqual(["18:00", "18:15", "18:30"]);
      within("hours saved → patient's slots updated", savedAt, 2_000);
      await screenshot(patient.page, "patient-slots-after-hours-change");
    } finally {
      await admin.context.close();
      await patient.context.close();
    }
  });

  it("3. a slot held by one patient leaves another patient's picker and returns on release", async () => {
    const first = await newSession(browser);
    const second = await newSession(browser);
    try {
      await signInPatient(first.page, clinic.url, "patient06@demo.clinic");
      await signInPatient(second.page, clinic.url, "patient07@demo.clinic");
      const date = await pickDayWithSlots(first.page, { minSlots: 3 });
      await second.page.locator(`button.day[data-date="${date}"]`).click();
      await slotsLoaded(second.page, date);
      const slots = await shownSlots(second.page);
      const wanted = slots[Math.floor(slots.length / 2)] ?? "";
      await expect(slotButton(second.page, wanted).count()).resolves.toBe(1);

      const heldAt = Date.now();
      await slotButton(first.page, wanted).click();
      await first.page.getByTestId("hold-panel").waitFor();
      await slotButton(second.page, wanted).waitFor({ state: "detached", timeout: 5_000 });
      within("slot held → gone from the other picker", heldAt, 2_000);
      await screenshot(second.page, "patient-slot-held-elsewhere");

      const releasedAt = Date.now();
      await first.page.getByRole("button", { name: "Cancel", exact: true }).click();
      await first.page.getByTestId("hold-panel").waitFor({ state: "detached" });
      await slotButton(second.page, wanted).waitFor({ timeout: 5_000 });
      within("hold released → back in the other picker", releasedAt, 2_000);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it("4. a patient's cancellation shows on the admin calendar and in the patient's list", async () => {
    const admin = await newSession(browser);
    const patient = await newSession(browser);
    try {
      await signInPatient(patient.page, clinic.url, "patient08@demo.clinic");
      await chooseDentist(patient.page, "Dr. Raj Patel");
      const { id, date } = await bookFirstSlot(patient.page);

      await signInAdmin(admin.page, clinic.url);
      await admin.page.getByRole("checkbox", { name: "Cancelled" }).check();
      await adminGoTo(admin.page, date);
      const block = calendarAppointment(admin.page, id);
      await block.waitFor();

      await patient.page.getByRole("link", { name: "My appointments" }).click();
      const card = patient.page.locator(
        `[data-testid="my-appointment"][data-appointment-id="${id}"]`,
      );
      await card.getByRole("button", { name: "Cancel appointment" }).click();
      await card.getByLabel("Reason (optional)").fill("Feeling better");
      await screenshot(patient.page, "patient-my-appointments-cancel");
      const cancelledAt = Date.now();
      await card.getByRole("button", { name: "Yes, cancel it" }).click();

      await admin.page
        .locator(
          `[data-testid="appointment"][data-appointment-id="${id}"][data-status="cancelled"]`,
        )
        .waitFor({ timeout: 5_000 });
      within("cancel click → cancelled on the admin calendar", cancelledAt, 1_000);
      await expect
        .poll(() => admin.page.getByTestId("toast").allTextContents())
        .toContainEqual(expect.stringContaining("Cancelled: Noah Edwards"));
      await patient.page
        .locator(
          `[data-testid="past-appointments"] [data-appointment-id="${id}"][data-status="cancelled"]`,
        )
        .waitFor();
      await screenshot(admin.page, "admin-calendar-cancelled");
      await screenshot(patient.page, "patient-my-appointments");
    } finally {
      await admin.context.close();
      await patient.context.close();
    }
  });
  it("8. a patient's profile edit shows in the admin's open patient details", async () => {
    const admin = await newSession(browser);
    const patient = await newSession(browser);
    try {
      await signInAdmin(admin.page, clinic.url);
      await admin.page.getByRole("link", { name: "Patients" }).click();
      await admin.page.getByRole("link", { name: "Mia Turner" }).click();
      const phone = admin.page.getByTestId("patient-phone");
      await expect.poll(() => phone.textContent()).toBe("+44 7700 900109");

      await signInPatient(patient.page, clinic.url, "patient09@demo.clinic");
      await patient.page.getByRole("link", { name: "Profile" }).click();
      await patient.page.getByLabel("Phone", { exact: true }).fill("+44 7700 900999");
      const savedAt = Date.now();
      await patient.page.getByRole("button", { name: "Save changes" }).click();
      await patient.page.getByText("Saved. The clinic sees your new details now.").waitFor();
      await expect.poll(() => phone.textContent(), { interval: 50 }).toBe("+44 7700 900999");
      within("profile saved → admin's patient details", savedAt, 1_000);
      await screenshot(admin.page, "admin-patient-live-profile");
    } finally {
      await admin.context.close();
      await patient.context.close();
    }
  });
});
