// kyr serve: the live preview, errors shown next to their fields, and the language filter.
// Without this script the page still works: every button posts the form.
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

  function body() {
    return new URLSearchParams(new FormData(form));
  }

  function showErrors(errors, summarize) {
    for (const box of form.querySelectorAll("p.error")) {
      const name = box.id.replace(/^f-/, "").replace(/-error$/, "");
      const message = errors[name] || "";
      box.querySelector("span").textContent = message;
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
      link.lang = "en";
      link.dir = "ltr";
      link.textContent = message;
      item.append(link);
      errorList.append(item);
    }
    formError.textContent = errors.form || "";
    formError.hidden = !errors.form;
    const heading = summary.querySelector("h2");
    const count = Object.keys(errors).filter((name) => name !== "form").length;
    if (count) heading.textContent = status.dataset.problems;
    else if (errors.form) heading.textContent = status.dataset.failed;
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
    return product.selectedOptions[0].text + ", " + lang.selectedOptions[0].text + ", " + side;
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
      const response = await fetch("/api/preview", { method: "POST", body: body() });
      result = await response.json();
    } catch (error) {
      result = { errors: { form: String(error) }, previews: [] };
    }
    if (mine !== sequence) return null;  // a newer change is on its way
    showErrors(result.errors, summarize);
    const ok = Object.keys(result.errors).length === 0;
    if (ok) await showPreviews(result.previews);
    if (mine !== sequence) return null;
    images.setAttribute("aria-busy", "false");
    images.dataset.filename = result.filename || "";
    status.textContent = ok ? status.dataset.updated
      : (result.errors.form && Object.keys(result.errors).length === 1
        ? status.dataset.failed : status.dataset.problems);
    return ok;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(() => update(false), 500);
  }

  form.addEventListener("input", (event) => {
    if (event.target.id === "language-filter") return;
    later();
  });
  form.addEventListener("change", (event) => {
    if (event.target.id === "language-filter") return;
    clearTimeout(timer);
    update(false);
  });

  // "Update preview" stays on the page; the downloads go ahead only with valid settings.
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    if (!button || button.name === "ui" || form.dataset.checked === "yes") {
      form.dataset.checked = "";
      return;
    }
    event.preventDefault();
    clearTimeout(timer);
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
  if (!images.querySelector("img") && summary.hidden) update(false);
})();
