// check.mjs SITE_DIR SHOT_DIR PAGE...
// Opens every .html page of an exported site in headless Chromium, and
// prints one JSON object: for each page, the errors it raised (console
// errors, page errors, failed requests), its links, and its title; it also
// saves a screenshot of each PAGE named on the command line into SHOT_DIR.
import { chromium } from "playwright-core";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, shotDir, ...shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1000, height: 1200 } });
const result = {};

async function check(page, name) {
  const r = { errors: [], links: [], title: "", h1: "", fontSize: 0 };
  result[name] = r;
  const onConsole = (m) => { if (m.type() === "error") r.errors.push("console: " + m.text()); };
  const onError = (e) => r.errors.push("page error: " + e.message);
  const onFail = (q) => r.errors.push("request failed: " + q.url());
  page.on("console", onConsole); page.on("pageerror", onError); page.on("requestfailed", onFail);
  const resp = await page.goto(pathToFileURL(join(siteDir, name)).href, { waitUntil: "load" });
  if (!resp || !resp.ok()) r.errors.push("load failed");
  Object.assign(r, await page.evaluate(() => ({
    title: document.title,
    h1: document.querySelector("h1")?.innerText ?? "",
    fontSize: parseFloat(getComputedStyle(document.querySelector("main p, main li") || document.body).fontSize),
    links: [...document.querySelectorAll("a[href], img[src]")].map((a) => a.getAttribute("href") ?? a.getAttribute("src")),
    imagesBroken: [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute("src")),
  })));
  if (shots.includes(name)) {
    await page.screenshot({ path: join(shotDir, name + ".png"), fullPage: false });
  }
  page.off("console", onConsole); page.off("pageerror", onError); page.off("requestfailed", onFail);
}

// A few tabs at once: the machine is small, the pages are many.
const names = readdirSync(siteDir).filter((f) => f.endsWith(".html")).sort();
await Promise.all([0, 1, 2, 3].map(async (k) => {
  const page = await context.newPage();
  for (let i = k; i < names.length; i += 4) await check(page, names[i]);
  await page.close();
}));

// The search page filters with its box.
const page = await context.newPage();
const searchErrors = [];
page.on("pageerror", (e) => searchErrors.push("page error: " + e.message));
page.on("console", (m) => { if (m.type() === "error") searchErrors.push("console: " + m.text()); });
await page.goto(pathToFileURL(join(siteDir, "search.html")).href + "?q=" + encodeURIComponent(process.env.SEARCH || ""));
result["search"] = {
  errors: searchErrors,
  visible: await page.evaluate(() => [...document.querySelectorAll("#results li")].filter((li) => !li.hidden).map((li) => li.querySelector("a").getAttribute("href"))),
};
await browser.close();
console.log(JSON.stringify(result));
