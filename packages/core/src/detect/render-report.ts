import type { NetworksFile } from '@vigil/contracts'

const MAX_NETWORKS_IN_REPORT = 100

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * A self-contained HTML report of a detection run: the run's parameters, a table of the
 * networks, and for the selected network a force-directed drawing of its accounts and the
 * table of its evidence. Everything is inline (no CDN, no fetch), so it opens offline.
 *
 * @example
 * writeFileSync('report.html', renderReport(networksFile))
 */
export function renderReport(file: NetworksFile): string {
  const data = {
    run: file.run,
    edges: file.edges,
    labelMetrics: file.labelMetrics,
    networks: file.networks.slice(0, MAX_NETWORKS_IN_REPORT),
  }
  // `<` escaped so no account name or text can close the script element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  const title = `Vigil detect: ${file.networks.length} network(s) in ${file.run.posts} posts`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>
body{font:14px system-ui,sans-serif;margin:0;display:grid;grid-template-columns:360px 1fr;height:100vh}
aside{overflow:auto;border-right:1px solid #ccc;padding:8px}main{overflow:auto;padding:8px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:2px 4px;text-align:left;vertical-align:top}
tr.net{cursor:pointer}tr.net:hover,tr.sel{background:#eef}svg{border:1px solid #ddd;background:#fafafa}
circle{fill:#c33;stroke:#fff}circle.hi{fill:#36c}line{stroke:#999}text{font-size:10px;pointer-events:none}
.obj{max-width:420px;overflow-wrap:anywhere}
</style></head><body>
<aside><h1 style="font-size:16px">${escapeHtml(title)}</h1><div id="run"></div>
<table><thead><tr><th>id</th><th>members</th><th>score</th><th>signals</th></tr></thead><tbody id="list"></tbody></table></aside>
<main><h2 id="title">Select a network</h2><div id="scores"></div><svg id="graph" width="760" height="480" role="img" aria-label="network graph"></svg>
<h3>Evidence</h3><table><thead><tr><th>signal</th><th>object</th><th>posts</th><th>first</th><th>last</th><th>accounts</th></tr></thead><tbody id="evidence"></tbody></table>
<h3>Edges</h3><table><thead><tr><th>a</th><th>b</th><th>weight</th><th>signals</th></tr></thead><tbody id="edges"></tbody></table></main>
<script id="data" type="application/json">${json}</script>
<script>
const D=JSON.parse(document.getElementById('data').textContent)
const $=(id)=>document.getElementById(id)
const esc=(s)=>String(s).replace(/[&<>"']/g,(c)=>'&#'+c.charCodeAt(0)+';')
const r=D.run
$('run').innerHTML='<p>'+esc(r.format)+' · '+r.posts+' posts · '+r.accounts+' accounts · window '+r.window+' s · min repeat '+r.minRepeat+' · weight '+esc(r.weight)+' · bad rows '+r.badRows+'</p><p>'+Object.entries(D.edges).map(([s,n])=>esc(s)+': '+n).join(' · ')+'</p>'+(D.labelMetrics?'<p>precision '+D.labelMetrics.precision.toFixed(3)+' · recall '+D.labelMetrics.recall.toFixed(3)+'</p>':'')+r.warnings.map((w)=>'<p>⚠ '+esc(w)+'</p>').join('')
$('list').innerHTML=D.networks.map((n,i)=>'<tr class="net" data-i="'+i+'"><td>'+n.id+'</td><td>'+n.members.length+'</td><td>'+n.score.score.toFixed(3)+'</td><td>'+n.signals.map(esc).join(', ')+'</td></tr>').join('')
$('list').addEventListener('click',(e)=>{const tr=e.target.closest('tr');if(tr)show(+tr.dataset.i)})
function layout(n){const W=760,H=480,idx=new Map(n.members.map((m,i)=>[m,i]));const p=n.members.map((m,i)=>({x:W/2+Math.cos(i*2.4)*i*3+1,y:H/2+Math.sin(i*2.4)*i*3+1,vx:0,vy:0}))
const k=Math.sqrt(W*H/Math.max(1,p.length))*0.5
for(let it=0;it<200;it++){for(let i=0;i<p.length;i++)for(let j=i+1;j<p.length;j++){const dx=p[i].x-p[j].x,dy=p[i].y-p[j].y,d2=dx*dx+dy*dy+0.01,f=k*k/d2;p[i].vx+=dx*f/20;p[i].vy+=dy*f/20;p[j].vx-=dx*f/20;p[j].vy-=dy*f/20}
for(const e of n.edges){const a=p[idx.get(e.a)],b=p[idx.get(e.b)],dx=a.x-b.x,dy=a.y-b.y,d=Math.sqrt(dx*dx+dy*dy)+0.01,f=d*d/k/d/20;a.vx-=dx*f;a.vy-=dy*f;b.vx+=dx*f;b.vy+=dy*f}
for(const q of p){q.x=Math.min(W-20,Math.max(20,q.x+Math.max(-10,Math.min(10,q.vx))));q.y=Math.min(H-20,Math.max(20,q.y+Math.max(-10,Math.min(10,q.vy))));q.vx=0;q.vy=0}}
return {p,idx}}
function show(i){const n=D.networks[i];document.querySelectorAll('tr.net').forEach((t)=>t.classList.toggle('sel',+t.dataset.i===i))
$('title').textContent=n.id+': '+n.members.length+' accounts';const s=n.score
$('scores').textContent='score '+s.score+' · time tightness '+s.timeTightness+' · density '+s.density+' · coordinated share '+s.coordinatedShare+' · signal agreement '+s.signalAgreement+(n.purity!==undefined?' · purity '+n.purity:'')
const {p,idx}=layout(n),g=$('graph')
g.innerHTML=n.edges.map((e)=>{const a=p[idx.get(e.a)],b=p[idx.get(e.b)];return '<line x1="'+a.x+'" y1="'+a.y+'" x2="'+b.x+'" y2="'+b.y+'" stroke-width="'+Math.min(6,1+Math.log(e.weight))+'"><title>'+esc(e.a+' – '+e.b+': '+JSON.stringify(e.signals))+'</title></line>'}).join('')+n.members.map((m,j)=>'<g><circle cx="'+p[j].x+'" cy="'+p[j].y+'" r="6" data-m="'+esc(m)+'"><title>'+esc(m)+'</title></circle>'+(n.members.length<=40?'<text x="'+(p[j].x+8)+'" y="'+(p[j].y+3)+'">'+esc(m)+'</text>':'')+'</g>').join('')
$('evidence').innerHTML=n.evidence.map((e)=>'<tr><td>'+esc(e.signal)+'</td><td class="obj">'+esc(e.object)+'</td><td>'+e.posts+'</td><td>'+esc(e.firstAt)+'</td><td>'+esc(e.lastAt)+'</td><td>'+e.accounts.map(esc).join(', ')+'</td></tr>').join('')
$('edges').innerHTML=n.edges.slice(0,500).map((e)=>'<tr><td>'+esc(e.a)+'</td><td>'+esc(e.b)+'</td><td>'+e.weight+'</td><td>'+esc(Object.entries(e.signals).map(([k,v])=>k+' '+v).join(', '))+'</td></tr>').join('')}
$('graph').addEventListener('mouseover',(e)=>{const m=e.target.dataset&&e.target.dataset.m;document.querySelectorAll('circle').forEach((c)=>c.classList.toggle('hi',c.dataset.m===m))})
if(D.networks.length)show(0)
</script></body></html>
`
}
