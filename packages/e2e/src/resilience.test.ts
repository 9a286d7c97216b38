import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callApi, tokenOf } from "./harness/api.ts";
import { launchBrowser, newSession, screenshot } from "./harness/browser.ts";
import { type Clinic, startClinic } from "./harness/clinic.ts";
import {
  adminGoTo,
  calendarAppointment,
  pickDayWithSlots,
  shownSlots,
  signInAdmin,
  signInPatient,
  slotButton,
  slotsLoaded,
  waitLive,
} from "./harness/flows.ts";

// What happens when time runs out or the server goes away while people have the apps open:
// a hold that expires gives its slot back; a restart shows in the indicator, and once the
// server is back the screens show what changed while it was away.

const HOLD_SECONDS = 8;

let clinic: Clinic;
let browser: Browser;

beforeAll(async () => {
  clinic = await startClinic({
    adminUrl: inject("pgAdminUrl"),
    template: inject("pgTemplate"),
    // Holds last seconds instead of five minutes, so the test can watch one run out.
    env: { HOLD_TTL_SECONDS: String(HOLD_SECONDS) },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await clinic?.close();
});

const indicator = (page: Page) => page.getByTestId("connection-status");

function londonDate(instant: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(instant);
}

describe("expiry, restarts and catch-up", () => {
  it("6. a hold that runs out says so and gives the slot back to everyone", async () => {
    const holder = await newSession(browser);
    const other = await newSession(browser);
    try {
      await signInPatient(holder.page, clinic.url, "patient02@demo.clinic");
      await signInPatient(other.page, clinic.url, "patient03@demo.clinic");
      const date = await pickDayWithSlots(holder.page);
      await other.page.locator(`button.day[data-date="${date}"]`).click();
      await slotsLoaded(other.page, date);
      const [wanted = ""] = await shownSlots(other.page);

      await slotButton(holder.page, wanted).click();
      const countdown = holder.page.getByTestId("hold-countdown");
      await expect.poll(() => countdown.textContent()).toMatch(/^0:0[0-8]$/);
      await slotButton(other.page, wanted).waitFor({ state: "detached", timeout: 2_000 });

      await holder.page
        .getByTestId("hold-expired")
        .waitFor({ timeout: (HOLD_SECONDS + 5) * 1_000 });
      await expect(holder.page.getByTestId("hold-panel").count()).resolves.toBe(0);
      await screenshot(holder.page, "patient-hold-expired");
      // The server's sweeper releases it; the other patient's picker gets it back.
      await slotButton(other.page, wanted).waitFor({ timeout: 4_000 });
      await slotButton(holder.page, wanted).waitFor();
    } finally {
      await holder.context.close();
      await other.context.close();
    }
  });

  it("5. shows Reconnecting while the server restarts, then catches up on what changed meanwhile", async () => {
    const email = "patient01@demo.clinic";
    const [appointment, later] = await clinic.db.prisma.appointment.findMany({
      where: {
        patient: { email },
        status: { in: ["pending", "confirmed"] },
        startsAt: { gt: new Date(Date.now() + 2 * 3_600_000) },
      },
      orderBy: { startsAt: "asc" },
      select: { id: true, startsAt: true },
      take: 2,
    });
    if (!appointment || !later)
      throw new Error("the demo data has too few upcoming appointments for patient01");

    const admin = await newSession(browser);
    const patient = await newSession(browser);
    try {
      await signInAdmin(admin.page, clinic.url);
      await admin.page.getByRole("checkbox", { name: "Cancelled" }).check();
      await adminGoTo(admin.page, londonDate(appointment.startsAt));
      await calendarAppointment(admin.page, appointment.id).waitFor();
      await signInPatient(patient.page, clinic.url, email);
      await patient.page.getByRole("link", { name: "My appointments" }).click();
      const card = patient.page.locator(
        `[data-testid="my-appointment"][data-appointment-id="${appointment.id}"]`,
      );
      await card.waitFor();
      await expect(indicator(admin.page).textContent()).resolves.toBe("Live");

      await clinic.stop();
      for (const page of [admin.page, patient.page]) {
        await page
          .locator('[data-testid="connection-status"][data-status="reconnecting"]')
          .waitFor({
            timeout: 5_000,
          });
      }
      await expect(indicator(admin.page).textContent()).resolves.toBe("Reconnecting…");
      await screenshot(admin.page, "admin-reconnecting");
      await screenshot(patient.page, "patient-reconnecting");

      // Changed behind everyone's back while no server was there to tell them.
      await clinic.db.prisma.appointment.update({
        where: { id: appointment.id },
        data: {
          status: "cancelled",
          cancelledAt: new Date(),
          cancellationReason: "Changed while the server was down",
          version: { increment: 1 },
        },
      });

      await clinic.start();
      await waitLive(admin.page, 45_000);
      await waitLive(patient.page, 45_000);
      await admin.page
        .locator(
          `[data-testid="appointment"][data-appointment-id="${appointment.id}"][data-status="cancelled"]`,
        )
        .waitFor({ timeout: 5_000 });
      await patient.page
        .locator(
          `[data-testid="my-appointment"][data-appointment-id="${appointment.id}"][data-status="cancelled"]`,
        )
        .waitFor({ timeout: 5_000 });
      await screenshot(admin.page, "admin-caught-up");
      await screenshot(patient.page, "patient-caught-up");

      // And the resumed subscriptions carry live changes again: the clinic cancels another one.
      const token = await tokenOf(clinic.url, "admin@demo.clinic");
      await callApi(
        clinic.url,
        "appointments.cancel",
        { id: later.id, reason: "Dentist unwell" },
        token,
      );
      await patient.page
        .locator(
          `[data-testid="my-appointment"][data-appointment-id="${later.id}"][data-status="cancelled"]`,
        )
        .waitFor({ timeout: 2_000 });
      await expect
        .poll(() => patient.page.getByTestId("toast").allTextContents())
        .toContainEqual(expect.stringContaining("Appointment cancelled by the clinic"));
    } finally {
      await admin.context.close();
      await patient.context.close();
    }
  });
});
