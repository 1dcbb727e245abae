/**
 * The console's script: signs in by the authorization-code flow with PKCE (S256), keeps the ID
 * token in sessionStorage (gone with the tab), and draws the work list with DOM calls only, so
 * customer text is never parsed as HTML. Served inline and allowed by its hash.
 */
export const CONSOLE_SCRIPT = `<script>
(()=>{
const cfg=document.querySelector('main').dataset,store=sessionStorage,$=(id)=>document.getElementById(id);
const redirectUri=location.origin+location.pathname;
const b64url=(bytes)=>btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\\+/g,'-').replace(/\\//g,'_').replace(/=+$/,'');
const random=()=>b64url(crypto.getRandomValues(new Uint8Array(32)));
const el=(tag,text,cls)=>{const e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e};
const say=(text,bad)=>{const m=$('message');m.textContent=text;m.className=bad?'banner bad':'banner';m.hidden=!text};
const claims=(token)=>JSON.parse(atob(token.split('.')[1].replace(/-/g,'+').replace(/_/g,'/')));
const signIn=async()=>{
  const verifier=random(),state=random();
  store.setItem('pkce',JSON.stringify({verifier,state}));
  const challenge=b64url(await crypto.subtle.digest('SHA-256',new TextEncoder().encode(verifier)));
  const q=new URLSearchParams({response_type:'code',client_id:cfg.clientId,redirect_uri:redirectUri,scope:'openid email profile',state,code_challenge:challenge,code_challenge_method:'S256'});
  location.assign(cfg.authorizeUrl+'?'+q);
};
const redeem=async(params)=>{
  const pending=JSON.parse(store.getItem('pkce')||'{}');store.removeItem('pkce');
  history.replaceState(null,'',redirectUri);
  if(!pending.state||params.get('state')!==pending.state)throw new Error('sign-in answer does not match the request: sign in again');
  const body=new URLSearchParams({grant_type:'authorization_code',client_id:cfg.clientId,code:params.get('code'),redirect_uri:redirectUri,code_verifier:pending.verifier});
  const r=await fetch(cfg.tokenUrl,{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded'},body});
  if(!r.ok)throw new Error('sign-in failed ('+r.status+'): sign in again');
  store.setItem('token',(await r.json()).id_token);
};
const me=()=>{const t=store.getItem('token');return t?claims(t):undefined};
const isAdmin=(who)=>{const g=who&&who['cognito:groups'];return (Array.isArray(g)?g:typeof g==='string'?g.split(/[\\s,]+/):[]).includes('admins')};
const api=async(path,init={})=>{
  const r=await fetch(path,{...init,headers:{...init.headers,authorization:'Bearer '+store.getItem('token'),'content-type':'application/json'}});
  if(r.status===401){store.removeItem('token');show();throw new Error('signed out: sign in again')}
  const data=await r.json().catch(()=>({}));
  if(!r.ok&&r.status!==409)throw new Error(data.error?data.error.message:'request failed ('+r.status+')');
  return data;
};
const act=async(id,action,body)=>{
  try{const d=await api('/console/cases/'+encodeURIComponent(id)+'/'+action,{method:'POST',body:JSON.stringify(body||{})});
    say(d.outcome==='done'?action+': done':action+': '+d.reason);await load()}catch(e){say(e.message,true)}
};
const card=(item,who,admin)=>{
  const c=item.case,li=el('li',undefined,'banner');li.dataset.case=c.id;
  const head=el('div');head.append(el('strong',c.customerHandle||c.customerId||c.id),' ',el('span',c.priority,'tag '+c.priority),el('span',c.status,'tag'),el('span',c.channels.join(', '),'tag'));
  const due=item.dueAt?Date.parse(item.dueAt)-Date.now():undefined;
  li.append(head,el('div',c.subject||''),el('small',due===undefined?'no clock running':due<0?'overdue':Math.round(due/6e4)+' min to breach',due<0?'overdue':''));
  li.append(el('div','assignee: '+(c.assignee||'nobody'),'assignee'));
  const row=el('div',undefined,'actions'),other=el('input');other.placeholder='colleague';other.setAttribute('aria-label','assign to colleague');
  const button=(text,onClick)=>{const b=el('button',text);b.type='button';b.onclick=onClick;return b};
  row.append(button('Assign to me',()=>act(c.id,'assign',{assignee:who})),other,button('Assign',()=>act(c.id,'assign',{assignee:other.value})),button('Acknowledge',()=>act(c.id,'acknowledge')));
  if(c.suppressed){head.append(el('span','suppressed','tag suppressed'));row.append(admin?button('Lift suppression',()=>act(c.id,'unsuppress')):el('small','suppressed: an admin can lift it'))}
  li.append(row);return li;
};
const load=async()=>{
  const q=new URLSearchParams([...new FormData($('filters'))].filter(([,v])=>v));
  const d=await api('/console/cases?'+q);
  const who=me();const name=who.email||who['cognito:username']||who.sub;
  $('cases').replaceChildren(...d.cases.map((item)=>card(item,name,isAdmin(who))));
  $('count').textContent=d.cases.length+' open'+(d.truncated?' (more not shown)':'');
};
const show=()=>{const who=me();$('signed-out').hidden=!!who;$('work').hidden=!who;if(who)$('who').textContent=who.email||who.sub};
$('sign-in').onclick=()=>signIn().catch((e)=>say(e.message,true));
$('sign-out').onclick=()=>{store.removeItem('token');show()};
$('filters').onsubmit=(e)=>{e.preventDefault();load().catch((x)=>say(x.message,true))};
(async()=>{
  const params=new URLSearchParams(location.search);
  if(params.has('error'))say('sign-in refused: '+params.get('error'),true);
  if(params.has('code'))await redeem(params);
  show();if(me())await load();
})().catch((e)=>say(e.message,true));
})();
</script>`;
