(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var STAGES = {
    upload: '上传', queued: '排队等候', discover: '读取材料包', inspect: '逐个文件检查',
    ocr: '识别扫描件文字', report: '生成报告', fix: '生成修复后的材料包',
    'fix-check': '检查修复后的材料包'
  };
  var info = { max_upload_mb: 500, max_files: 2000, keep_minutes: 60, fix: false };
  var chosen = null;   // [{file: File, path: 'folder/sub/name.pdf'}]
  var pollTimer = null;

  function mb(bytes) { return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + ' MB'; }
  function show(id, on) { $(id).hidden = !on; }

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || ('HTTP ' + r.status)); }
        return body;
      });
    });
  }

  // ---- choosing ---------------------------------------------------------------------------

  function choose(items) {
    var line = $('chosen');
    chosen = null;
    $('start').disabled = true;
    line.classList.remove('bad');
    if (!items.length) { line.textContent = ''; return; }
    var total = items.reduce(function (s, it) { return s + it.file.size; }, 0);
    var single = items.length === 1 && items[0].path.indexOf('/') < 0;
    var bad = null;
    if (single && !/\.zip$/i.test(items[0].path)) {
      bad = '只选了一个文件“' + items[0].path + '”，它不是 .zip 压缩包。请选择整个材料包：.zip 压缩包、多个文件或一个文件夹。';
    } else if (items.length > info.max_files) {
      bad = '共 ' + items.length + ' 个文件，超过 ' + info.max_files + ' 个的上限。';
    } else if (total > info.max_upload_mb * 1048576) {
      bad = '共 ' + mb(total) + '，超过 ' + info.max_upload_mb + ' MB 的上传上限。';
    }
    if (bad) { line.textContent = bad; line.classList.add('bad'); return; }
    chosen = items;
    var tops = {};
    items.forEach(function (it) { tops[it.path.split('/')[0]] = true; });
    var names = Object.keys(tops);
    if (single) {
      line.textContent = '已选择压缩包：' + items[0].path + '（' + mb(total) + '）';
    } else if (names.length === 1 && items[0].path.indexOf('/') > 0) {
      line.textContent = '已选择文件夹：' + names[0] + '（' + items.length + ' 个文件，' + mb(total) + '）';
    } else {
      line.textContent = '已选择 ' + items.length + ' 个文件（' + mb(total) + '）';
    }
    $('start').disabled = false;
  }

  function fromInput(input, folder) {
    var items = Array.prototype.map.call(input.files, function (f) {
      return { file: f, path: (folder && f.webkitRelativePath) || f.name };
    });
    input.value = '';
    choose(items);
  }

  function readEntry(entry, out) {
    if (entry.isFile) {
      return new Promise(function (done) {
        entry.file(function (f) { out.push({ file: f, path: entry.fullPath.replace(/^\//, '') }); done(); },
          function () { done(); });
      });
    }
    if (!entry.isDirectory) { return Promise.resolve(); }
    var reader = entry.createReader();
    return new Promise(function (done) {
      var all = [];
      (function more() {  // readEntries answers in batches until it returns none
        reader.readEntries(function (batch) {
          if (!batch.length) {
            Promise.all(all.map(function (e) { return readEntry(e, out); })).then(done);
          } else { all = all.concat(Array.prototype.slice.call(batch)); more(); }
        }, function () { done(); });
      })();
    });
  }

  function onDrop(ev) {
    ev.preventDefault();
    $('drop').classList.remove('over');
    var dt = ev.dataTransfer, entries = [];
    if (dt.items && dt.items.length && dt.items[0].webkitGetAsEntry) {
      Array.prototype.forEach.call(dt.items, function (it) {
        var e = it.kind === 'file' && it.webkitGetAsEntry();
        if (e) { entries.push(e); }
      });
      var out = [];
      Promise.all(entries.map(function (e) { return readEntry(e, out); })).then(function () {
        out.sort(function (a, b) { return a.path < b.path ? -1 : 1; });
        choose(out);
      });
    } else {
      choose(Array.prototype.map.call(dt.files, function (f) { return { file: f, path: f.name }; }));
    }
  }

  // ---- progress ---------------------------------------------------------------------------

  function stageRow(name, done, total, state, text) {
    var li = document.createElement('li');
    li.className = state;
    li.dataset.stage = name;
    var label = document.createElement('span');
    label.className = 'label';
    label.textContent = STAGES[name] || name;
    var bar = document.createElement('div');
    bar.className = 'bar';
    var fill = document.createElement('i');
    var pct = state === 'done' ? 100 : (total > 0 ? Math.round(100 * done / total) : 0);
    fill.style.width = pct + '%';
    bar.appendChild(fill);
    var count = document.createElement('span');
    count.className = 'count';
    count.textContent = text || '';
    li.append(label, bar, count);
    return li;
  }

  function counter(stage, done, total) {
    if (!total) { return ''; }
    if (stage === 'ocr') { return '第 ' + done + ' / ' + total + ' 页'; }
    if (stage === 'inspect') { return done + ' / ' + total + ' 个文件'; }
    return done + ' / ' + total;
  }

  function renderStages(job, upload) {
    var list = $('stages');
    list.textContent = '';
    if (upload) {
      var up = upload.total ? Math.round(100 * upload.done / upload.total) : 0;
      list.appendChild(stageRow('upload', upload.done, upload.total, upload.done >= upload.total ? 'done' : 'active',
        mb(upload.done) + ' / ' + mb(upload.total) + '（' + up + '%）'));
      if (!job) { return; }
    } else {
      list.appendChild(stageRow('upload', 1, 1, 'done', ''));
    }
    if (job.status === 'queued') {
      list.appendChild(stageRow('queued', 0, 0, 'active indeterminate', '前面还有 ' + (job.queue_position - 1) + ' 个'));
      return;
    }
    list.appendChild(stageRow('queued', 1, 1, 'done', ''));
    var running = job.status === 'running';
    job.stages.forEach(function (s) {
      var current = running && job.progress && job.progress.stage === s.stage;
      var state = !current ? 'done' : (s.total ? 'active' : 'active indeterminate');
      list.appendChild(stageRow(s.stage, s.done, s.total, state, counter(s.stage, s.done, s.total)));
    });
  }

  // ---- a job ------------------------------------------------------------------------------

  function fail(message) {
    show('progress', false);
    show('upload', false);
    show('result', false);
    $('error-message').textContent = message;
    show('failure', true);
  }

  function poll(id) {
    clearTimeout(pollTimer);
    getJSON('/api/jobs/' + encodeURIComponent(id)).then(function (job) {
      $('package-name').textContent = job.package || '';
      renderStages(job, null);
      if (job.status === 'done') { return showReport(job); }
      if (job.status === 'failed') { return fail(job.error || '检查失败。'); }
      $('status-line').textContent = job.status === 'queued' ? '正在排队，轮到后自动开始。' : '正在检查，请稍候…';
      pollTimer = setTimeout(function () { poll(id); }, 500);
    }).catch(function (e) { fail(e.message); });
  }

  function verdict(s) {
    var el = $('verdict');
    el.textContent = '';
    el.className = 'verdict ' + (s.passed ? 'pass' : 'fail');
    el.append(s.passed ? '未发现必须补正的问题' : '发现 ' + s.errors + ' 项必须补正的问题');
    var small = document.createElement('small');
    small.textContent = '必须补正 ' + s.errors + ' · 建议修改 ' + s.warnings + ' · 提示 ' + s.info +
      ' · ' + s.files + ' 个文件，' + s.pages + ' 页' + (s.schema && s.schema.title ? ' · ' + s.schema.title : '');
    el.appendChild(small);
  }

  function fitFrame(frame) {
    var doc = frame.contentDocument;
    if (!doc || !doc.body) { return; }
    var fit = function () { frame.style.height = (doc.documentElement.scrollHeight + 4) + 'px'; };
    fit();
    if (window.ResizeObserver) { new ResizeObserver(fit).observe(doc.body); }
  }

  function showReport(job) {
    show('upload', false);
    show('progress', false);
    show('result', true);
    verdict(job.summary || {});
    $('dl-docx').href = job.downloads.docx;
    $('dl-json').href = job.downloads.json + '?download=1';
    $('dl-html').href = job.downloads.html + '?download=1';
    var fixed = (job.summary || {}).fix;
    show('dl-fixed', !!job.downloads.fixed);
    if (job.downloads.fixed) { $('dl-fixed').href = job.downloads.fixed; }
    $('fix-note').textContent = !fixed ? '' : fixed.zip
      ? '修复后的材料包：改动 ' + fixed.changed + ' 个文件（重新压缩 ' + fixed.pages + ' 页）；' +
        '其中仍有 ' + fixed.errors + ' 项必须补正、' + fixed.warnings + ' 项建议修改需要人工处理。' +
        (fixed.notes.length ? ' ' + fixed.notes.join('；') : '')
      : '修复后的材料包未能生成：' + fixed.error;
    show('fix-note', !!fixed);
    $('expires').textContent = '报告和上传的文件将在 ' + Math.max(1, Math.round(job.expires_in / 60)) +
      ' 分钟后自动删除；需要保留请先下载。';
    var frame = $('report');
    frame.onload = function () { fitFrame(frame); };
    frame.src = job.downloads.html;
  }

  function start() {
    if (!chosen) { return; }
    var form = new FormData();
    form.append('schema', $('schema').value);
    form.append('ocr', $('ocr').checked ? 'true' : 'false');
    form.append('fix', info.fix && $('fix').checked ? 'true' : 'false');
    chosen.forEach(function (it) { form.append('file', it.file, it.path); });
    $('start').disabled = true;
    show('failure', false);
    show('upload', false);
    show('progress', true);
    $('package-name').textContent = '';
    $('status-line').textContent = '正在上传…';
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/check');
    xhr.responseType = 'json';
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { renderStages(null, { done: e.loaded, total: e.total }); }
    };
    xhr.onload = function () {
      var body = xhr.response || {};
      if (xhr.status !== 202 || !body.id) { return fail(body.error || ('上传失败（HTTP ' + xhr.status + '）')); }
      history.replaceState(null, '', '#job=' + body.id);
      poll(body.id);
    };
    xhr.onerror = function () { fail('上传中断：连接已断开（文件可能超过上限）。'); };
    xhr.send(form);
  }

  function reset() {
    clearTimeout(pollTimer);
    history.replaceState(null, '', location.pathname);
    show('failure', false);
    show('result', false);
    show('progress', false);
    show('upload', true);
    $('report').src = 'about:blank';
    choose([]);
  }

  // ---- wiring -----------------------------------------------------------------------------

  $('pick-zip').addEventListener('change', function () { fromInput(this, false); });
  $('pick-files').addEventListener('change', function () { fromInput(this, false); });
  $('pick-folder').addEventListener('change', function () { fromInput(this, true); });
  var drop = $('drop');
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', onDrop);
  $('start').addEventListener('click', start);
  $('again').addEventListener('click', reset);
  $('retry').addEventListener('click', reset);

  getJSON('/api/info').then(function (i) {
    info = i;
    $('version').textContent = i.version;
    $('ocr').checked = !!i.ocr;
    if (i.fix && !i.fix.word_to_pdf) {
      $('fix-hint').textContent = '（本机未安装 LibreOffice：Word 文件将原样保留，不转换为 PDF）';
    }
    $('limits').textContent = '上限：' + i.max_upload_mb + ' MB，' + i.max_files + ' 个文件。';
  }).catch(function () {});
  getJSON('/api/schemas').then(function (list) {
    var select = $('schema');
    list.forEach(function (s) {
      var o = document.createElement('option');
      o.value = s.id;
      o.textContent = s.title + '（' + s.id + '）';
      select.appendChild(o);
    });
    document.documentElement.setAttribute('data-ready', '1');
  }).catch(function (e) { fail(e.message); });

  var m = /^#job=([\w-]+)$/.exec(location.hash);
  if (m) { show('upload', false); show('progress', true); poll(m[1]); }
})();
