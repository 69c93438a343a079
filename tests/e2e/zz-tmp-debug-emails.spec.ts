import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";
test("debug", async ({ page }) => {
  page.on("console", (m) => console.log("console:", m.type(), m.text().slice(0, 200)));
  page.on("pageerror", (e) => console.log("pageerror:", e.message));
  page.on("request", (r) => { if (!r.url().includes("/build/")) console.log("req:", r.method(), r.url().slice(0, 140)); });
  await signIn(page, "organiser@demo.compact-awards.example");
  await page.goto("/admin/cycles/coventry-2010/emails?kind=results");
  await page.waitForTimeout(1000);
  await page.getByRole("link", { name: /^Preview the email to nominator@/ }).first().click();
  await page.waitForTimeout(2000);
  console.log("url0", page.url());
  const btn = page.getByRole("button", { name: /^Send \d+ emails/ });
  console.log("count", await btn.count(), await btn.evaluate((b) => b.outerHTML + " | form: " + b.closest("form")?.outerHTML.slice(0, 300)));
  await btn.click();
  await page.waitForTimeout(3000);
  console.log("url", page.url());
  console.log(await page.locator("#progress").innerHTML());
});
