import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, launchBrowser, newSession, PHONE, screenshot } from "./harness/browser.ts";
import { type Clinic, startClinic } from "./harness/clinic.ts";
import { pickDayWithSlots, signInAdmin, signInPatient } from "./harness/flows.ts";

// Every main screen of both apps, at desktop and phone width: it renders without a script
// error, fits the screen (no sideways scrolling of the page), and is saved as a screenshot.

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

async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

const WIDTHS = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const;

describe("main screens", () => {
  for (const [label, viewport] of WIDTHS) {
    it(`7. the admin dashboard's screens render at ${label} width`, async () => {
      const { context, page } = await newSession(browser, viewport);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        await page.goto(`${clinic.url}/admin/`);
        await page.getByRole("heading", { name: "Clinic dashboard" }).waitFor();
        await screenshot(page, `admin-login-${label}`);
        await signInAdmin(page, clinic.url);
        await page.locator('.cal-wrap[aria-busy="false"]').waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `admin-calendar-${label}`);

        // A phone starts on today's day view, which may be a quiet Sunday.
        for (let i = 0; i < 7 && (await page.getByTestId("appointment").count()) === 0; i++) {
          await page.getByRole("button", { name: /^Next (day|week)$/ }).click();
          await page.locator('.cal-wrap[aria-busy="false"]').waitFor();
        }
        await page.getByTestId("appointment").first().click();
        await page.getByRole("dialog").waitFor();
        await screenshot(page, `admin-appointment-${label}`);
        await page.getByRole("button", { name: "Close" }).click();

        await page.getByRole("link", { name: "Availability" }).click();
        await page.getByRole("heading", { name: "Weekly hours" }).waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `admin-availability-${label}`);

        await page.getByRole("link", { name: "Patients" }).click();
        await page.getByRole("link", { name: "Alice Patient" }).click();
        await page.getByTestId("patient-details").getByText("patient01@demo.clinic").waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `admin-patients-${label}`);

        await page.getByRole("link", { name: "Operations" }).click();
        await page.getByTestId("ops-stats").waitFor();
        // Two scrapes make the first rate point.
        await page.waitForTimeout(4_500);
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `admin-operations-${label}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`7. the patient app's screens render at ${label} width`, async () => {
      const { context, page } = await newSession(browser, viewport);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        await page.goto(`${clinic.url}/`);
        await page.getByRole("heading", { name: "Welcome back" }).waitFor();
        await screenshot(page, `patient-login-${label}`);
        await page.getByRole("button", { name: "Create an account" }).click();
        await screenshot(page, `patient-register-${label}`);

        await signInPatient(page, clinic.url, "patient01@demo.clinic");
        await pickDayWithSlots(page);
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `patient-book-${label}`);

        await page.getByRole("link", { name: "My appointments" }).click();
        await page.getByRole("heading", { name: "Upcoming" }).waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `patient-appointments-${label}`);

        await page.getByRole("link", { name: "Profile" }).click();
        await page.getByLabel("Full name").waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await screenshot(page, `patient-profile-${label}`);

        await page.getByRole("button", { name: "Booking assistant" }).click();
        await page.getByRole("heading", { name: "Booking assistant" }).waitFor();
        // Either it can be talked to, or it says it is offline.
        const offline = await page.getByTestId("chat-offline").count();
        if (offline === 0) await expect(page.getByLabel("Message").isEnabled()).resolves.toBe(true);
        else {
          await expect(page.getByTestId("chat-offline").textContent()).resolves.toContain(
            "The booking assistant is offline",
          );
        }
        await screenshot(page, `patient-chat-${label}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
