(function(){
  function apply(btn){
    var table=btn.closest('table'), lane=btn.getAttribute('data-lane'), folded=btn.getAttribute('data-folded')==='true';
    var rows=table.querySelectorAll('tr.step'), n=0;
    for(var i=0;i<rows.length;i++){ if(rows[i].getAttribute('data-task')===lane){ rows[i].hidden=folded; n++; } }
    btn.textContent=folded?('unfold ('+n+')'):'fold';
    var th=btn.closest('th'); if(th){ th.className=folded?'narrow':''; }
  }
  var bs=document.querySelectorAll('button.fold');
  for(var i=0;i<bs.length;i++){
    apply(bs[i]);
    bs[i].addEventListener('click',function(e){var b=e.currentTarget;
      b.setAttribute('data-folded', b.getAttribute('data-folded')==='true'?'false':'true'); apply(b);});
  }
})();
