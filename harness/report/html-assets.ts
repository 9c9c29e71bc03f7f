/** Inline stylesheet of the HTML report (no external fonts or images, light and dark schemes). */
export const REPORT_CSS = `
:root{--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0969da;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#7d4e00;--skip-bg:#fff8c5;
--hang:#8250df;--hang-bg:#fbefff;--err:#82071e;--err-bg:#ffd8d3;--none-bg:#eff2f5;--dev:#0a5e7a;--dev-bg:#dff4fb;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--accent:#4493f8;--pass:#3fb950;--pass-bg:#12361f;--fail:#ff7b72;--fail-bg:#4a1a1d;--skip:#d29922;--skip-bg:#3a2c0b;
--hang:#d2a8ff;--hang-bg:#322050;--err:#ffa198;--err-bg:#5c1a1a;--none-bg:#212830;--dev:#56d4ef;--dev-bg:#0c3140}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--accent)}
.skip-link{position:absolute;left:-999px}.skip-link:focus{left:8px;top:8px;background:var(--card);padding:4px 8px}
header.top{background:var(--card);border-bottom:1px solid var(--line);padding:20px 32px}
header.top h1{margin:0 0 4px;font-size:22px}
.meta{color:var(--muted);margin:0}
nav.toc{display:flex;gap:16px;flex-wrap:wrap;margin-top:12px}
main{max-width:1280px;margin:0 auto;padding:8px 32px 48px}
section.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:20px 0}
section.card>h2{margin:0 0 12px;font-size:18px}
h3{font-size:15px;margin:16px 0 8px}
.banner{display:inline-block;font-weight:600;padding:4px 12px;border-radius:999px;margin:8px 0}
.banner.ok{background:var(--pass-bg);color:var(--pass)}.banner.bad{background:var(--fail-bg);color:var(--fail)}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 0;padding:0;list-style:none}
.chip{padding:2px 10px;border-radius:6px;font-weight:600;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
table.matrix caption{text-align:left;margin-bottom:6px}
table.matrix th[scope=row]{font-weight:400;min-width:280px}
table.matrix thead th.pol{text-align:center;text-transform:none;letter-spacing:0;font-size:13px;color:var(--fg)}
table.matrix tr.group th{background:var(--bg);font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);padding-top:10px}
.sid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;font-weight:600}
.stitle{color:var(--muted);margin-left:6px}
td.cell{text-align:center;padding:3px;min-width:92px}
td.cell>a,td.cell>span{display:block;border-radius:5px;padding:3px 6px;font-size:12px;font-weight:600;text-decoration:none}
td.cell a:hover,td.cell a:focus{outline:2px solid var(--accent);outline-offset:1px}
.v-pass a,.v-pass .badge,.badge.v-pass,.chip.v-pass{background:var(--pass-bg);color:var(--pass)}
.v-fail a,.badge.v-fail,.chip.v-fail{background:var(--fail-bg);color:var(--fail)}
.v-skipped a,.badge.v-skipped,.chip.v-skipped{background:var(--skip-bg);color:var(--skip)}
.v-hang a,.badge.v-hang,.chip.v-hang{background:var(--hang-bg);color:var(--hang)}
.v-harness-error a,.badge.v-harness-error,.chip.v-harness-error{background:var(--err-bg);color:var(--err);
background-image:repeating-linear-gradient(45deg,transparent 0 6px,rgba(130,7,30,.08) 6px 12px)}
.chip.zero{background:var(--none-bg);color:var(--muted);font-weight:400}
.chip.v-deviation,.badge.v-deviation{background:var(--dev-bg);color:var(--dev)}
.badge.undeclared{background:var(--fail-bg);color:var(--fail)}
.warn{color:var(--skip);margin:8px 0 4px}
.v-none span{background:var(--none-bg);color:var(--muted);font-weight:400}
.dev{font-weight:400;opacity:.8}
.badge{display:inline-block;padding:1px 8px;border-radius:5px;font-size:12px;font-weight:700;min-width:52px;text-align:center}
.badge.kept{background:var(--pass-bg);color:var(--pass)}.badge.broken{background:var(--fail-bg);color:var(--fail)}
.badge.used{background:var(--skip-bg);color:var(--skip)}
.badge.unused{background:var(--none-bg);color:var(--muted)}
.badge.builtin{background:var(--none-bg);color:var(--muted)}
.toolbar{display:flex;gap:12px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
button{font:inherit;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:6px;padding:3px 10px;cursor:pointer}
details.case{border:1px solid var(--line);border-left-width:4px;border-radius:6px;margin:6px 0;background:var(--card)}
details.case.v-pass{border-left-color:var(--pass)}details.case.v-fail{border-left-color:var(--fail)}
details.case.v-skipped{border-left-color:var(--skip)}details.case.v-hang{border-left-color:var(--hang)}
details.case.v-harness-error{border-left-color:var(--err)}
details.case>summary{cursor:pointer;padding:8px 12px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
details.case[open]>summary{border-bottom:1px solid var(--line)}
details.case:target{box-shadow:0 0 0 3px var(--accent)}
.case-body{padding:8px 14px 12px}
.pol-tag{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:4px 0 10px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
td.mismatch{background:var(--fail-bg)}
.badges{display:flex;gap:4px;margin-left:auto}
table.steps th.pol{text-transform:none;letter-spacing:0;color:var(--fg);white-space:nowrap}
table.steps th.pol:target{outline:3px solid var(--accent)}
td.none{color:var(--muted)}
tr.same td[colspan]{text-align:center;color:var(--muted)}
.ok-yes{color:var(--pass);font-weight:700}.ok-no{color:var(--fail);font-weight:700}
.detail{display:block;color:var(--muted);font-size:12px}
ol.alternatives{margin:2px 0 0;padding-left:18px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.empty{color:var(--muted);font-style:italic}
svg.chart text{fill:var(--fg);font:12px system-ui,sans-serif}
svg.chart .before{fill:var(--skip)}svg.chart .after{fill:var(--fail)}
svg.chart .repaired{fill:var(--pass)}svg.chart .stuck{fill:var(--fail)}svg.chart .track{fill:var(--none-bg)}
.legend{display:flex;gap:16px;color:var(--muted);font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
body.only-problems details.case.v-pass{display:none}
table.matrix thead th{position:sticky;top:0;background:var(--card);z-index:1}
.scroll.sticky{max-height:80vh;overflow:auto}
td.cell .o{display:block;white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px;font-weight:500}
td.cell .o.rej{color:var(--fail)}td.cell .o.acc{color:var(--pass)}
td.cell.differs>a{outline:2px dashed var(--accent);outline-offset:-2px}
td.cell>a{text-align:left}
details.mgroup,details.all-cases{border:1px solid var(--line);border-radius:6px;margin:6px 0}
details.mgroup>summary,details.all-cases>summary{cursor:pointer;padding:6px 10px}
tr.scenario.hidden{display:none}
#matrix-search{font:inherit;padding:3px 8px;min-width:260px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
table.options th[scope=row],table.findings-grid th[scope=row]{white-space:nowrap}
table.options .bad{color:var(--fail)}
a.inv-broken{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:4px;background:var(--fail-bg);color:var(--fail);font-family:ui-monospace,monospace;font-size:12px;text-decoration:none}
table.findings-grid th.inv{text-transform:none;letter-spacing:0;text-align:center}
td.fg{text-align:center;font-size:12px;font-weight:600;white-space:nowrap}
td.fg.kept{background:var(--pass-bg);color:var(--pass)}
td.fg.broken{background:var(--fail-bg)}td.fg.broken a{color:var(--fail);text-decoration:none}
td.fg.none{color:var(--muted)}
details.cx{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;margin:6px 0}
details.cx>summary{cursor:pointer;padding:6px 10px}
details.cx:target,details.cx[open]{box-shadow:0 0 0 2px var(--accent)}
dl.state{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:0;font-size:12px}
dl.state dt{color:var(--muted)}dl.state dd{margin:0;font-family:ui-monospace,monospace}
svg.seq{display:block;margin:8px 0}svg.seq text{fill:var(--fg);font:11.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
svg.seq rect.lane{fill:var(--bg);stroke:var(--line)}svg.seq line.life{stroke:var(--line);stroke-dasharray:3 3}
svg.seq line.msg{stroke:var(--fg);stroke-width:1.4}svg.seq line.msg.bad{stroke:var(--fail);stroke-dasharray:5 3}svg.seq line.msg.ok{stroke:var(--pass)}
svg.seq text.bad{fill:var(--fail)}svg.seq text.ok{fill:var(--pass)}svg.seq text.note{fill:var(--muted)}svg.seq marker path{fill:var(--muted)}
code.replay{background:var(--bg);padding:2px 6px;border-radius:4px;border:1px solid var(--line)}
footer{color:var(--muted);text-align:center;font-size:12px;padding:16px}
`;

/**
 * Inline script: follows `#case-…` / `#cx-…` links by opening the target and every enclosing details;
 * the matrix's search box and "differs only" filter; expand/collapse of cases. Works from file://.
 */
export const REPORT_JS = `
(function(){
  function openById(id){
    var el=document.getElementById(id);
    if(!el)return;
    for(var p=el;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}
    document.body.classList.remove('only-problems');
    var box=document.getElementById('only-problems');if(box)box.checked=false;
  }
  function fromHash(){if(location.hash.length>1){try{openById(decodeURIComponent(location.hash.slice(1)));}catch(e){}}}
  document.addEventListener('click',function(ev){
    var t=ev.target;var a=t&&t.closest?t.closest('a[href^="#case-"],a[href^="#cx-"]'):null;
    if(a){openById(decodeURIComponent(a.getAttribute('href').slice(1)));}
  });
  window.addEventListener('hashchange',fromHash);
  var all=document.querySelectorAll('details.case');
  var ex=document.getElementById('expand-all'),co=document.getElementById('collapse-all'),op=document.getElementById('only-problems');
  if(ex)ex.addEventListener('click',function(){all.forEach(function(d){d.open=true;});});
  if(co)co.addEventListener('click',function(){all.forEach(function(d){d.open=false;});});
  if(op)op.addEventListener('change',function(){document.body.classList.toggle('only-problems',op.checked);});
  var bar=document.getElementById('case-tools');if(bar)bar.hidden=false;
  var groups=document.querySelectorAll('details.mgroup');
  var q=document.getElementById('matrix-search'),dif=document.getElementById('matrix-differs');
  function filter(){
    var text=q?q.value.trim().toLowerCase():'';var only=dif?dif.checked:false;
    groups.forEach(function(g){
      var shown=0;
      g.querySelectorAll('tr.scenario').forEach(function(r){
        var ok=(!text||r.getAttribute('data-search').indexOf(text)>=0)&&(!only||r.classList.contains('differs'));
        r.classList.toggle('hidden',!ok);if(ok)shown++;
      });
      g.hidden=shown===0;
      if(text||only)g.open=shown>0;
    });
  }
  if(q)q.addEventListener('input',filter);
  if(dif)dif.addEventListener('change',filter);
  var mo=document.getElementById('matrix-open'),mc=document.getElementById('matrix-close');
  if(mo)mo.addEventListener('click',function(){groups.forEach(function(g){g.open=true;});});
  if(mc)mc.addEventListener('click',function(){groups.forEach(function(g){g.open=false;});});
  var mt=document.getElementById('matrix-tools');if(mt)mt.hidden=false;
  fromHash();
})();
`;
