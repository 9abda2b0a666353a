/* wagtail-advocacy share bar and share dialog: progressive enhancement, no library.
 *
 * Without this script every control still works as a plain link or form. With it:
 * the share dialog opens in a modal <dialog> on the page, a live counter shows how
 * long the message is as the chosen network counts it, and "copy link" / "QR code"
 * stay on the page.
 */
(function () {
  "use strict";

  var FETCH_HEADER = { "X-Requested-With": "advocacy-share" };
  var URL_RE = /https?:\/\/[^\s<>"']+/gi;

  function xWeight(codePoint) {
    // twitter-text v3: these ranges weigh 1, everything else 2.
    if (codePoint <= 4351 || (codePoint >= 8192 && codePoint <= 8205) ||
        (codePoint >= 8208 && codePoint <= 8223) || (codePoint >= 8242 && codePoint <= 8247)) {
      return 1;
    }
    return 2;
  }

  function graphemes(text) {
    if (window.Intl && Intl.Segmenter) {
      var count = 0;
      var iterator = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text);
      for (var it = iterator[Symbol.iterator](), step = it.next(); !step.done; step = it.next()) {
        count += 1;
      }
      return count;
    }
    return Array.from(text).length;
  }

  /* Mirror of wagtail_advocacy.sharing._contains_word: a whole-word, case-blind match
   * (#tag does not count inside #tagline). */
  function containsWord(text, word) {
    var escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp("(?<![\\p{L}\\p{N}_])" + escaped + "(?![\\p{L}\\p{N}_])", "iu").test(text);
  }

  /* Mirror of wagtail_advocacy.networks.count_length. */
  function countLength(network, text, data) {
    if (!network.takes_text) { return null; }
    var link = "https://" + "x".repeat(Math.max(data.link_length - 8, 1));
    text = text.split(data.link_placeholder).join(link);
    if (data.disclosure && !containsWord(text, data.disclosure)) {
      text = text + " " + data.disclosure;
    }
    if (text.indexOf(link) === -1) { text = text + " " + link; }
    if (network.link_length) { text = text.replace(URL_RE, "x".repeat(network.link_length)); }
    if (network.weighted) {
      return Array.from(text).reduce(function (sum, ch) { return sum + xWeight(ch.codePointAt(0)); }, 0);
    }
    if (network.graphemes) { return graphemes(text); }
    return Array.from(text).length;
  }

  function initForm(form) {
    if (form.dataset.advocacyReady) { return; }
    form.dataset.advocacyReady = "1";
    var dataScript = form.querySelector('script[type="application/json"]');
    var data = JSON.parse(dataScript.textContent);
    data.disclosure = form.dataset.disclosure || "";
    var textarea = form.querySelector("textarea[name=text]");
    var counter = form.querySelector("[data-advocacy-counter]");
    var urlOnly = form.querySelector("[data-advocacy-url-only]");
    var submit = form.querySelector("button[type=submit]");

    function current() {
      var checked = form.querySelector("input[name=network]:checked");
      return data.networks[checked ? checked.value : Object.keys(data.networks)[0]];
    }

    function update() {
      var network = current();
      form.querySelectorAll("[data-advocacy-only]").forEach(function (el) {
        el.hidden = el.dataset.advocacyOnly !== network.key;
      });
      if (urlOnly) { urlOnly.hidden = network.takes_text; }
      var length = countLength(network, textarea.value, data);
      counter.classList.remove("advocacy-share-form__counter--over");
      if (length === null) {
        counter.textContent = form.dataset.labelUrlOnly.replace("%(network)s", network.label);
      } else if (network.max_length) {
        counter.textContent = form.dataset.labelCount
          .replace("%(length)s", length).replace("%(limit)s", network.max_length)
          .replace("%(network)s", network.label);
        if (length > network.max_length) {
          counter.classList.add("advocacy-share-form__counter--over");
        }
      } else {
        counter.textContent = form.dataset.labelNoLimit.replace("%(length)s", length);
      }
    }

    form.addEventListener("change", update);
    textarea.addEventListener("input", update);
    form.addEventListener("submit", function () {
      if (submit) { submit.disabled = true; }
    });
    update();
  }

  /* After sharing to Facebook or Xing: copy the server's final words, then go on. */
  function initPaste(step) {
    var text = step.querySelector("[data-advocacy-paste-text]");
    var link = step.querySelector("[data-advocacy-paste-continue]");
    if (!navigator.clipboard || !text || !link) { return; }
    link.textContent = link.dataset.labelCopy;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var go = function () { window.location.href = link.href; };
      navigator.clipboard.writeText(text.value).then(go, go);
    });
  }

  function post(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: FETCH_HEADER,
    }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("not shared"); }
      return response.json();
    });
  }

  function initBar(bar) {
    var dialog = bar.querySelector("[data-advocacy-dialog]");
    var body = bar.querySelector("[data-advocacy-dialog-body]");
    var status = bar.querySelector("[data-advocacy-status]");
    var opener = null;

    function openDialog(content) {
      body.replaceChildren(content);
      body.querySelectorAll("[data-advocacy-share-form]").forEach(initForm);
      body.querySelectorAll("[data-advocacy-close]").forEach(function (button) {
        button.addEventListener("click", function () { dialog.close(); });
      });
      dialog.showModal();
      var first = body.querySelector("textarea, input, button");
      if (first) { first.focus(); }
    }

    dialog.addEventListener("close", function () {
      body.replaceChildren();
      if (opener) { opener.focus(); }
    });

    bar.querySelectorAll("a[data-advocacy-share]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (typeof dialog.showModal !== "function") { return; }
        event.preventDefault();
        opener = link;
        fetch(link.href, { credentials: "same-origin", headers: FETCH_HEADER })
          .then(function (response) {
            if (!response.ok || response.redirected) { throw new Error("no dialog"); }
            return response.text();
          })
          .then(function (html) {
            var template = document.createElement("template");
            template.innerHTML = html;
            openDialog(template.content);
          })
          .catch(function () { window.location.href = link.href; });
      });
    });

    var copyForm = bar.querySelector("form[data-advocacy-copy]");
    if (copyForm) {
      copyForm.addEventListener("submit", function (event) {
        event.preventDefault();
        post(copyForm).then(function (data) {
          var done = function () {
            status.textContent = copyForm.dataset.labelCopied.replace("%(url)s", data.url);
          };
          if (navigator.clipboard) {
            navigator.clipboard.writeText(data.url).then(done, done);
          } else {
            done();
          }
        }).catch(function () { copyForm.submit(); });
      });
    }

    var qrForm = bar.querySelector("form[data-advocacy-qr]");
    if (qrForm) {
      qrForm.addEventListener("submit", function (event) {
        event.preventDefault();
        opener = qrForm.querySelector("button");
        post(qrForm).then(function (data) {
          var wrapper = document.createElement("div");
          wrapper.className = "advocacy-share-qr";
          var heading = document.createElement("h2");
          heading.id = dialog.getAttribute("aria-labelledby");
          heading.textContent = qrForm.dataset.labelTitle;
          var image = document.createElement("img");
          image.src = data.svg;
          image.alt = qrForm.dataset.labelAlt.replace("%(url)s", data.url);
          image.width = 240;
          image.height = 240;
          var download = document.createElement("a");
          download.href = data.svg;
          download.download = "";
          download.textContent = qrForm.dataset.labelDownload;
          var close = document.createElement("button");
          close.type = "button";
          close.className = "advocacy-button advocacy-button--secondary";
          close.setAttribute("data-advocacy-close", "");
          close.textContent = qrForm.dataset.labelClose;
          wrapper.append(heading, image, download, close);
          openDialog(wrapper);
        }).catch(function () { qrForm.submit(); });
      });
    }
  }

  function init() {
    document.querySelectorAll("[data-advocacy-share-form]").forEach(initForm);
    document.querySelectorAll("[data-advocacy-paste]").forEach(initPaste);
    document.querySelectorAll("[data-advocacy-share-bar]").forEach(function (bar) {
      if (!bar.dataset.advocacyReady) {
        bar.dataset.advocacyReady = "1";
        initBar(bar);
      }
    });
  }

  // Back from the network, the browser may restore the page as it was left (back/forward
  // cache), its submit button disabled: make it usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("[data-advocacy-share-form] button[type=submit]")
      .forEach(function (button) { button.disabled = false; });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
