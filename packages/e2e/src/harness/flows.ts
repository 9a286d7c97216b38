import type { Page } from "playwright-core";

// What a person does on the two apps, by role and label, as the tests need it.

export const PASSWORD = "demo1234";
export const ADMIN = "admin@demo.clinic";

export async function signInAdmin(page: Page, url: string, email = ADMIN): Promise<void> {
  await page.goto(`${url}/admin/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("calendar").waitFor();
  await waitLive(page);
}

export async function signInPatient(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Book an appointment" }).waitFor();
  await waitLive(page);
}

export async function waitLive(page: Page, timeout = 10_000): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout });
}

export async function chooseDentist(page: Page, name: string): Promise<void> {
  const select = page.getByRole("combobox", { name: /^Dentist/ });
  const value = await select.locator("option", { hasText: name }).getAttribute("value");
  if (!value) throw new Error(`no dentist option ${name}`);
  await select.selectOption(value);
}

/** The start instants of the free slots shown now. */
export async function shownSlots(page: Page): Promise<string[]> {
  return page
    .getByTestId("slot")
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-starts-at") ?? ""));
}

/** Clicks day buttons (skipping today) until one shows free slots; returns its date. */
export async function pickDayWithSlots(
  page: Page,
  options: { minSlots?: number } = {},
): Promise<string> {
  const days = page.locator("button.day");
  const count = await days.count();
  for (let i = 1; i < count; i++) {
    const day = days.nth(i);
    const date = (await day.getAttribute("data-date")) ?? "";
    await day.click();
    await slotsLoaded(page, date);
    if ((await page.getByTestId("slot").count()) >= (options.minSlots ?? 1)) return date;
  }
  throw new Error("no day with free slots in the next two weeks");
}

/** Waits until the slot list shows the server's answer for `date`. */
export async function slotsLoaded(page: Page, date: string): Promise<void> {
  await page
    .locator(`[data-testid="slot-results"][data-date="${date}"][data-state="ready"]`)
    .waitFor();
}

export function slotButton(page: Page, startsAt: string) {
  return page.locator(`[data-testid="slot"][data-starts-at="${startsAt}"]`);
}

export function calendarAppointment(page: Page, id: string) {
  return page.locator(`[data-testid="appointment"][data-appointment-id="${id}"]`);
}

/** Moves the admin calendar to the week (or day) holding `date`. */
export async function adminGoTo(page: Page, date: string): Promise<void> {
  await page.getByLabel("Go to date").fill(date);
  await page.locator(`.cal-wrap[aria-busy="false"][data-days~="${date}"]`).waitFor();
}
