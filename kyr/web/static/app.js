// kyr serve: the live preview, errors shown next to their fields, "Download all" with its
// progress, and the language filter. Without this script the page still works: every
// button posts the form. Every text it shows comes from the page (data- attributes of
// #preview-status), in the page's language.
"use strict";

(function () {
  const form = document.getElementById("kyr-form");
  if (!form) return;
  const status = document.getElementById("preview-status");
  const images = document.getElementById("preview-images");
  const summary = document.getElementById("error-summary");
  const errorList = document.getElementById("error-list");
  const formError = document.getElementById("form-error");
  let sequence = 0;
  let timer = null;
  // A page opened with empty fields shows the errors of the fields typed in only, until
  // a button is pressed.
  const touched = new Set();

  // The page's language goes with each question, for the answer's messages.
  function ask(path) {
    return path + "?ui=" + encodeURIComponent(document.documentElement.lang);
  }

  function body() {
    return new URLSearchParams(new FormData(form));
  }

  // `failed`: the summary's heading for an error of no field (the preview's by default).
  // `english`: the fields whose error is in English (the page has no words for it).
  function showErrors(allErrors, summarize, failed, english) {
    const inEnglish = (name) => !english || english.includes(name);
    const mark = (element, name) => {
      if (inEnglish(name)) {
        element.lang = "en";
        element.dir = "ltr";
      } else {
        element.removeAttribute("lang");
        element.removeAttribute("dir");
      }
    };
    if (summarize) delete form.dataset.blank;
    const errors = {};
    for (const [name, message] of Object.entries(allErrors)) {
      if (!form.dataset.blank || touched.has(name)) errors[name] = message;
    }
    for (const box of form.querySelectorAll("p.error")) {
      const name = box.id.replace(/^f-/, "").replace(/-error$/, "");
      const message = errors[name] || "";
      box.querySelector("span").textContent = message;
      mark(box.querySelector("span"), name);
      box.hidden = !message;
      const control = document.getElementById("f-" + name);
      if (control) {
        if (message) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
    }
    errorList.replaceChildren();
    for (const [name, message] of Object.entries(errors)) {
      if (name === "form") continue;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#f-" + name;
      mark(link, name);
      link.textContent = message;
      item.append(link);
      errorList.append(item);
    }
    formError.textContent = errors.form || "";
    formError.hidden = !errors.form;
    const heading = summary.querySelector("h2");
    const count = Object.keys(errors).filter((name) => name !== "form").length;
    if (count) heading.textContent = status.dataset.problems;
    else if (errors.form) heading.textContent = failed || status.dataset.failed;
    // While typing, errors show beside their fields only; the summary above the form
    // (which moves the page) comes when a button was pressed.
    summary.hidden = !summarize || (!count && !errors.form);
  }

  function altText(index, count) {
    const product = document.getElementById("f-product");
    const lang = document.getElementById("f-lang");
    const side = count > 1
      ? (index === 0 ? images.dataset.front : images.dataset.back)
      : images.dataset.page;
    return images.dataset.alt.replace("{product}", product.selectedOptions[0].text)
      .replace("{language}", lang.selectedOptions[0].text).replace("{side}", side);
  }

  function showPreviews(sources) {
    const loaded = sources.map((src, index) => new Promise((resolve) => {
      const image = new Image();
      image.onload = image.onerror = () => resolve(image);
      image.alt = altText(index, sources.length);
      image.src = src;
    }));
    return Promise.all(loaded).then((list) => images.replaceChildren(...list));
  }

  async function update(summarize) {
    const mine = ++sequence;
    images.setAttribute("aria-busy", "true");
    status.textContent = status.dataset.updating;
    let result;
    try {
      const response = await fetch(ask("/api/preview"), { method: "POST", body: body() });
      if (response.status === 503) {  // the server is busy: ask again when it says
        const wait = Number(response.headers.get("Retry-After")) || 2;
        clearTimeout(timer);
        timer = setTimeout(() => update(summarize), wait * 1000);
        return null;
      }
      result = await response.json();
    } catch (error) {
      result = { errors: { form: status.dataset.offline }, previews: [], english: [] };
    }
    if (mine !== sequence) return null;  // a newer change is on its way
    showErrors(result.errors, summarize, null, result.english);
    const ok = Object.keys(result.errors).length === 0;
    if (ok) await showPreviews(result.previews);
    if (mine !== sequence) return null;
    images.setAttribute("aria-busy", "false");
    images.dataset.filename = result.filename || "";
    if (ok) status.textContent = status.dataset.updated;
    else if (form.dataset.blank) status.textContent = status.dataset.blank;
    else if (result.errors.form && Object.keys(result.errors).length === 1) {
      status.textContent = status.dataset.failed;
    } else status.textContent = status.dataset.problems;
    return ok;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(() => update(false), 500);
  }

  form.addEventListener("input", (event) => {
    if (event.target.id === "language-filter") return;
    touched.add(event.target.name);
    later();
  });
  form.addEventListener("change", (event) => {
    if (event.target.id === "language-filter") return;
    touched.add(event.target.name);
    clearTimeout(timer);
    update(false);
  });

  // "Download all": the server makes the files one by one; the page says how far it is
  // (in the status line, which screen readers announce), the button busy meanwhile.
  const progress = document.getElementById("download-progress");
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function showProgress(job) {
    status.textContent = job.total
      ? status.dataset.building.replace("{done}", job.done).replace("{total}", job.total)
      : status.dataset.starting;
    progress.hidden = false;
    progress.max = job.total || 1;
    progress.value = job.done || 0;
  }

  async function madeJob(response) {
    let job = await response.json();
    while (job.state === "running") {
      showProgress(job);
      await pause(400);
      const asked = await fetch("/api/download-all/" + job.job);
      job = { ...(await asked.json()), job: job.job };
    }
    return job;
  }

  async function downloadAll(button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status.textContent = status.dataset.starting;
    try {
      const response = await fetch(ask("/api/download-all"), { method: "POST", body: body() });
      if (response.status === 503) {
        status.textContent = status.dataset.busy;
        return;
      }
      if (response.status === 422) {
        const refused = await response.json();
        showErrors(refused.errors, true, null, refused.english);
        status.textContent = status.dataset.downloadProblems;
        summary.focus();
        return;
      }
      const job = await madeJob(response);
      if (job.state === "ready") {
        showProgress(job);
        status.textContent = status.dataset.ready;
        const link = document.createElement("a");
        link.href = job.download;
        link.download = "";
        document.body.append(link);
        link.click();
        link.remove();
      } else {
        showErrors({ form: job.error }, true, status.dataset.downloadFailed);
        status.textContent = status.dataset.downloadFailed;
      }
    } catch (error) {
      status.textContent = status.dataset.offline;
    } finally {
      progress.hidden = true;
      button.disabled = false;
      button.setAttribute("aria-busy", "false");
    }
  }

  // "Update preview" stays on the page; the downloads go ahead only with valid settings.
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    if (!button || button.name === "ui" || button.id === "example"
        || form.dataset.checked === "yes") {
      form.dataset.checked = "";
      return;
    }
    event.preventDefault();
    clearTimeout(timer);
    if (button.id === "download-all") {
      if (!button.disabled) downloadAll(button);
      return;
    }
    const ok = await update(true);
    if (button.id === "update") return;
    if (ok) {
      form.dataset.checked = "yes";
      form.requestSubmit(button);
    } else if (ok === false) {
      summary.focus();
    }
  });

  // The language filter: hides the languages whose code or names do not match.
  const filter = document.getElementById("language-filter");
  filter.addEventListener("input", () => {
    const wanted = filter.value.trim().toLocaleLowerCase();
    for (const item of document.querySelectorAll("#language-list li")) {
      item.hidden = wanted !== "" && !item.dataset.search.toLocaleLowerCase().includes(wanted);
    }
  });

  // The first preview, unless the page opened with the configuration file's errors: those
  // stay in view (beside their fields, and listed above) until a field is changed.
  if (!images.querySelector("img") && summary.hidden && !form.dataset.blank) update(false);
})();
