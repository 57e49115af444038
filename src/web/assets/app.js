// certsheet's web page: drag and drop (files and folders), the upload's progress,
// and a refusal shown in place. The page works without it (plain forms); it only
// ever sets text (textContent), never markup, and the refusal it shows is the
// server's page (escaped there), parsed as a document, never run.
"use strict";
(function () {
  function walk(entry, prefix, out) {
    return new Promise(function (resolve) {
      if (entry.isFile) {
        entry.file(function (f) { out.push([f, prefix + f.name]); resolve(); }, function () { resolve(); });
      } else if (entry.isDirectory) {
        var reader = entry.createReader();
        var next = function () {
          reader.readEntries(function (batch) {
            if (!batch.length) { resolve(); return; }
            var all = batch.map(function (e) { return walk(e, prefix + entry.name + "/", out); });
            Promise.all(all).then(next);
          }, function () { resolve(); });
        };
        next();
      } else { resolve(); }
    });
  }

  document.querySelectorAll("form.upload").forEach(function (form) {
    var zone = form.querySelector(".drop");
    var chosen = form.querySelector(".chosen");
    var status = form.querySelector(".status");
    var bar = form.querySelector("progress");
    var dropped = [];

    function list() {
      if (!chosen) return;
      chosen.textContent = "";
      var names = dropped.map(function (d) { return d[1]; });
      form.querySelectorAll("input[type=file][name=files]").forEach(function (input) {
        Array.prototype.forEach.call(input.files, function (f) { names.push(f.webkitRelativePath || f.name); });
      });
      names.slice(0, 200).forEach(function (n) {
        var li = document.createElement("li");
        li.textContent = n;
        chosen.appendChild(li);
      });
      if (names.length > 200) {
        var more = document.createElement("li");
        more.textContent = "… (" + names.length + ")";
        chosen.appendChild(more);
      }
    }

    form.querySelectorAll("input[type=file]").forEach(function (i) { i.addEventListener("change", list); });
    if (zone) {
      ["dragenter", "dragover"].forEach(function (t) {
        zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (e) {
        e.preventDefault();
        zone.classList.remove("over");
        var items = e.dataTransfer.items;
        var waits = [];
        if (items && items.length && items[0].webkitGetAsEntry) {
          Array.prototype.forEach.call(items, function (item) {
            var entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
            if (entry && entry.isDirectory) { waits.push(walk(entry, "", dropped)); }
            else {
              var f = item.getAsFile();
              if (f) dropped.push([f, f.name]);
            }
          });
        } else {
          Array.prototype.forEach.call(e.dataTransfer.files, function (f) { dropped.push([f, f.name]); });
        }
        Promise.all(waits).then(list);
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new FormData();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name) return;
        if (el.type === "file") {
          Array.prototype.forEach.call(el.files, function (f) {
            data.append(el.name, f, f.webkitRelativePath || f.name);
          });
        } else if (el.tagName === "SELECT" || el.type === "text" || el.type === "hidden") {
          data.append(el.name, el.value);
        }
      });
      dropped.forEach(function (d) { data.append("files", d[0], d[1]); });
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      if (bar) bar.hidden = false;
      xhr.upload.addEventListener("progress", function (p) {
        if (!p.lengthComputable) return;
        var pct = Math.floor(p.loaded * 100 / p.total);
        if (bar) bar.value = pct;
        status.textContent = form.dataset.uploading + " " + pct + "%";
        if (pct >= 100) status.textContent = form.dataset.working;
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 300) { window.location.href = xhr.responseURL; return; }
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var main = doc.querySelector("main");
        if (main) document.querySelector("main").replaceWith(document.importNode(main, true));
        else { status.textContent = xhr.status + " " + xhr.statusText; button.disabled = false; }
      });
      xhr.addEventListener("error", function () {
        status.textContent = "✗"; button.disabled = false;
      });
      xhr.send(data);
    });
  });
})();
