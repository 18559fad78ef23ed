/* ictarch review report: the language switch, the findings filters and search, zoom and pan of the
   diagrams. Plain JavaScript, no library, nothing loaded from elsewhere. Every page reads without it. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORE = "ictarch-report-lang";
  var LANGS = ["vi", "en"];

  root.classList.add("js");

  function each(selector, fn, scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll(selector), fn);
  }

  /* ------------------------------------------------------------------ language */

  function setLang(lang, remember) {
    if (LANGS.indexOf(lang) < 0) {
      return;
    }
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    each("[data-vi][data-en]", function (el) {
      el.textContent = el.getAttribute("data-" + lang);
    });
    each("[data-i18n-attrs]", function (el) {
      el.getAttribute("data-i18n-attrs").split(" ").forEach(function (name) {
        var value = el.getAttribute("data-" + name + "-" + lang);
        if (value !== null) {
          el.setAttribute(name, value);
        }
      });
    });
    each("[data-set-lang]", function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-set-lang") === lang ? "true" : "false");
    });
    if (remember) {
      try {
        window.localStorage.setItem(STORE, lang);
      } catch (e) {
        /* storage may be off (private mode, file:// policies): the switch still works on this page */
      }
    }
  }

  function initLang() {
    each("[data-set-lang]", function (button) {
      button.addEventListener("click", function () {
        setLang(button.getAttribute("data-set-lang"), true);
      });
    });
    each(".lang-switch", function (el) {
      el.hidden = false;
    });
    var saved = null;
    try {
      saved = window.localStorage.getItem(STORE);
    } catch (e) {
      saved = null;
    }
    if (saved && saved !== root.getAttribute("data-lang")) {
      setLang(saved, false);
    }
  }

  /* ------------------------------------------------------------------ findings filters */

  /* Percent-decoded text, or null when the text is not valid percent-encoding (a hand-edited address). */
  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return null;
    }
  }

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
  }

  function initFilters() {
    each("form[data-filters-for]", function (form) {
      var table = document.querySelector("table[data-filterable='" + form.getAttribute("data-filters-for") + "']");
      if (!table) {
        return;
      }
      var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
        return !row.hasAttribute("data-empty");
      });
      var empty = table.querySelector("tr[data-empty]");
      var texts = rows.map(function (row) {
        return fold(row.textContent);
      });
      var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));

      function state() {
        var out = {};
        controls.forEach(function (control) {
          if (control.value) {
            out[control.getAttribute("data-filter")] = control.value;
          }
        });
        return out;
      }

      function apply(updateHash) {
        var wanted = state();
        var terms = wanted.q ? fold(wanted.q).split(/\s+/).filter(Boolean) : [];
        var shown = 0;
        rows.forEach(function (row, i) {
          var ok = Object.keys(wanted).every(function (key) {
            return key === "q" || row.getAttribute("data-" + key) === wanted[key];
          });
          ok = ok && terms.every(function (term) {
            return texts[i].indexOf(term) >= 0;
          });
          row.hidden = !ok;
          if (ok) {
            shown += 1;
          }
        });
        if (empty) {
          empty.hidden = shown > 0;
        }
        each(".n-shown", function (el) {
          el.textContent = String(shown);
        }, form);
        if (updateHash && window.history && window.history.replaceState) {
          var query = Object.keys(wanted).map(function (key) {
            return encodeURIComponent(key) + "=" + encodeURIComponent(wanted[key]);
          }).join("&");
          var base = window.location.href.split("#")[0];
          window.history.replaceState(null, "", query ? base + "#" + query : base);
        }
      }

      function fromHash() {
        var hash = window.location.hash.replace(/^#/, "");
        if (hash.indexOf("=") < 0) {
          return;
        }
        hash.split("&").forEach(function (part) {
          var bits = part.split("=");
          var key = decoded(bits[0]);
          var value = decoded(bits.slice(1).join("="));
          if (key === null || value === null) {
            return; /* a malformed part of the address is ignored; the others still apply */
          }
          controls.forEach(function (control) {
            if (control.getAttribute("data-filter") === key) {
              control.value = value;
            }
          });
        });
      }

      form.addEventListener("input", function () {
        apply(true);
      });
      form.addEventListener("change", function () {
        apply(true);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        apply(true);
      });
      form.addEventListener("reset", function () {
        window.setTimeout(function () {
          apply(true);
        }, 0);
      });
      window.addEventListener("hashchange", function () {
        fromHash();
        apply(false);
      });
      form.hidden = false;
      fromHash();
      apply(false);
    });
  }

  /* ------------------------------------------------------------------ zoom and pan */

  function initZoom() {
    var views = [];
    each(".zoom", function (box) {
      var svg = box.querySelector("svg");
      var viewport = box.querySelector(".viewport");
      if (!svg || !viewport || !svg.viewBox || !svg.viewBox.baseVal) {
        return;
      }
      var original = svg.getAttribute("viewBox");
      var base = svg.viewBox.baseVal;
      var home = { x: base.x, y: base.y, w: base.width, h: base.height };
      var view = { x: home.x, y: home.y, w: home.w, h: home.h };

      function draw() {
        svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      }

      function zoom(factor, fx, fy) {
        var w = Math.min(home.w, Math.max(home.w / 40, view.w / factor));
        var h = w * home.h / home.w;
        view.x += (view.w - w) * (fx === undefined ? 0.5 : fx);
        view.y += (view.h - h) * (fy === undefined ? 0.5 : fy);
        view.w = w;
        view.h = h;
        clamp();
        draw();
      }

      function clamp() {
        view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x));
        view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y));
      }

      function reset() {
        view = { x: home.x, y: home.y, w: home.w, h: home.h };
        svg.setAttribute("viewBox", original);
      }

      function pan(dx, dy) {
        view.x += dx;
        view.y += dy;
        clamp();
        draw();
      }

      function scale() {
        var rect = svg.getBoundingClientRect();
        return rect.width ? view.w / rect.width : 1;
      }

      each("[data-zoom]", function (button) {
        button.addEventListener("click", function () {
          var action = button.getAttribute("data-zoom");
          if (action === "in") {
            zoom(1.5);
          } else if (action === "out") {
            zoom(1 / 1.5);
          } else {
            reset();
          }
        });
      }, box);

      viewport.addEventListener("keydown", function (event) {
        var step = 0.1;
        var handled = true;
        if (event.key === "+" || event.key === "=") {
          zoom(1.5);
        } else if (event.key === "-" || event.key === "_") {
          zoom(1 / 1.5);
        } else if (event.key === "0") {
          reset();
        } else if (event.key === "ArrowLeft") {
          pan(-view.w * step, 0);
        } else if (event.key === "ArrowRight") {
          pan(view.w * step, 0);
        } else if (event.key === "ArrowUp") {
          pan(0, -view.h * step);
        } else if (event.key === "ArrowDown") {
          pan(0, view.h * step);
        } else {
          handled = false;
        }
        if (handled) {
          event.preventDefault();
        }
      });

      viewport.addEventListener("wheel", function (event) {
        if (!event.ctrlKey && !event.metaKey) {
          return;
        }
        event.preventDefault();
        var rect = svg.getBoundingClientRect();
        zoom(event.deltaY < 0 ? 1.25 : 0.8, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
      }, { passive: false });

      var drag = null;
      viewport.addEventListener("pointerdown", function (event) {
        if (event.button !== 0 || event.target.closest("a[href]")) {
          return;
        }
        drag = { x: event.clientX, y: event.clientY, s: scale() };
        viewport.classList.add("dragging");
        viewport.setPointerCapture(event.pointerId);
      });
      viewport.addEventListener("pointermove", function (event) {
        if (!drag) {
          return;
        }
        pan((drag.x - event.clientX) * drag.s, (drag.y - event.clientY) * drag.s);
        drag.x = event.clientX;
        drag.y = event.clientY;
      });
      function stop() {
        drag = null;
        viewport.classList.remove("dragging");
      }
      viewport.addEventListener("pointerup", stop);
      viewport.addEventListener("pointercancel", stop);

      each(".zoom-toolbar", function (toolbar) {
        toolbar.hidden = false;
      }, box);
      views.push(reset);
    });
    window.addEventListener("beforeprint", function () {
      views.forEach(function (reset) {
        reset();
      });
    });
  }

  /* ------------------------------------------------------------------ live preview */

  /* Under `ictarch serve` each page carries <meta name="ictarch-live" content="/events/path">: the
     server sends the pages a rebuild changed, and the page reloads when it is one of them. */
  function initLive() {
    var meta = document.querySelector('meta[name="ictarch-live"]');
    if (!meta || !window.EventSource || location.protocol.indexOf("http") !== 0) {
      return;
    }
    var here = decodeURIComponent(location.pathname).replace(/^\//, "");
    if (here === "" || here.charAt(here.length - 1) === "/") {
      here += "index.html";
    }
    var events = new EventSource(meta.getAttribute("content"));
    events.onmessage = function (event) {
      var changed = JSON.parse(event.data);
      if (changed.indexOf("*") >= 0 || changed.indexOf(here) >= 0) {
        events.close();
        location.reload();
      }
    };
  }

  function init() {
    initLang();
    initFilters();
    initZoom();
    initLive();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
