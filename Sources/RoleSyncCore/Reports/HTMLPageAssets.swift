/// The HTML report's style sheet and script, inlined so the page is one file.
enum HTMLPageAssets {
    /// Readable from 320 px wide up: the summary wraps, wide tables scroll inside their box.
    static let style = """
        body{font-family:system-ui,sans-serif;margin:0 auto;padding:0 12px 24px;max-width:1200px;color:#1b1b1b;line-height:1.4}
        h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}code{font-size:.85em;word-break:break-all}
        .summary{display:flex;flex-wrap:wrap;gap:8px;margin:0}.summary div{border:1px solid #ccc;border-radius:6px;padding:6px 12px;min-width:6rem}
        .summary dt{font-size:.8rem;color:#555}.summary dd{margin:0;font-size:1.4rem;font-weight:600}
        .charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0;flex:1 1 300px}figcaption{font-weight:600;margin:8px 0}
        svg text{font-size:12px;fill:#1b1b1b}svg rect{fill:#3b6fb6}
        .filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}input,select{font-size:1rem;padding:4px}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;font-size:.9rem}td:first-child{white-space:nowrap}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
        th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}
        th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
        tr[hidden]{display:none}.failed{border-left:4px solid #b00020;padding-left:8px}
        """

    /// Sorting and filtering over the rendered rows. Numbers sort as numbers, everything else
    /// by code point, so hexadecimal instance ids keep their order. It reads cell text and writes only row
    /// visibility, row order, the header's sort state and the "showing" count, so no value of
    /// the report is ever interpreted. The address's hash carries the state: `q`, `kind`,
    /// `sort` (a column number) and `desc`.
    static let script = """
        (function(){
        var table=document.getElementById("instances");if(!table)return;
        var body=table.tBodies[0],q=document.getElementById("q"),kind=document.getElementById("kind"),shown=document.getElementById("shown");
        var rows=Array.prototype.map.call(body.rows,function(r){return {row:r,text:r.textContent.toLowerCase(),kind:r.getAttribute("data-kind")||""};});
        var headers=Array.prototype.slice.call(table.tHead.rows[0].cells),sorted=-1,descending=false;
        function filter(){var text=q.value.toLowerCase(),k=kind.value,n=0;
        rows.forEach(function(e){var ok=(!k||e.kind===k)&&(!text||e.text.indexOf(text)>=0);e.row.hidden=!ok;if(ok)n++;});
        shown.textContent=n+" of "+rows.length;}
        function compare(a,b){var x=Number(a),y=Number(b);if(a!==""&&b!==""&&!isNaN(x)&&!isNaN(y))return x-y;return a<b?-1:a>b?1:0;}
        function sort(column,desc){sorted=column;descending=desc;var sign=desc?-1:1;
        rows.forEach(function(e){e.key=e.row.cells[column]?e.row.cells[column].textContent:"";});
        rows.sort(function(a,b){return sign*compare(a.key,b.key);});
        var fragment=document.createDocumentFragment();rows.forEach(function(e){fragment.appendChild(e.row);});body.appendChild(fragment);
        headers.forEach(function(h,i){if(i===column)h.setAttribute("aria-sort",desc?"descending":"ascending");else h.removeAttribute("aria-sort");});}
        headers.forEach(function(h,i){var b=h.querySelector("button");if(b)b.addEventListener("click",function(){sort(i,sorted===i?!descending:false);});});
        q.addEventListener("input",filter);kind.addEventListener("change",filter);
        var state=new URLSearchParams(location.hash.slice(1));
        if(state.has("q"))q.value=state.get("q");
        if(state.has("kind"))kind.value=state.get("kind");
        var column=parseInt(state.get("sort"),10);if(column>=0&&column<headers.length)sort(column,state.get("desc")==="1");
        filter();document.documentElement.setAttribute("data-ready",String(Math.round(performance.now())));
        })();
        """
}
