"""Inline CSS and scripts of every page: deterministic filler that looks like the real site's."""

from __future__ import annotations

from crawler.demo.menu import MENU

# Bulky on purpose (like the ad slots of chrome.py) so article pages weigh 60-100 KB, as the
# real ones do.


def _build_css() -> str:
    rules = [_BASE_CSS]
    for size, width in (("xs", 0), ("sm", 768), ("md", 992), ("lg", 1200)):
        block = []
        for column in range(1, 13):
            pct = f"{column * 100 / 12:.8f}".rstrip("0").rstrip(".")
            block.append(f".col-{size}-{column}{{width:{pct}%;float:left}}")
            block.append(f".col-{size}-offset-{column}{{margin-left:{pct}%}}")
            block.append(f".col-{size}-push-{column}{{left:{pct}%}}")
            block.append(f".col-{size}-pull-{column}{{right:{pct}%}}")
        joined = "".join(block)
        rules.append(f"@media (min-width:{width}px){{{joined}}}" if width else joined)
    for side, prop in (("t", "top"), ("b", "bottom"), ("l", "left"), ("r", "right")):
        for step in range(0, 55, 5):
            rules.append(f".m{side}-{step}{{margin-{prop}:{step}px!important}}")
            rules.append(f".p{side}-{step}{{padding-{prop}:{step}px!important}}")
    for index, (slug, _name, _subs) in enumerate(MENU):
        hue = (index * 37) % 360
        rules.append(
            f".main-menu .menu-{slug}:hover>a,.main-menu .menu-{slug}.active>a"
            f"{{background:hsl({hue},45%,28%);color:#fff}}"
            f".cate-{slug} .cate-title{{border-bottom:3px solid hsl({hue},45%,28%)}}"
        )
    for icon, code in _ICONS[:120]:
        rules.append(f'.fa-{icon}:before{{content:"\\{code}"}}')
    return "\n".join(rules)


_BASE_CSS = """
html{font-size:10px;-webkit-tap-highlight-color:rgba(0,0,0,0)}body{margin:0;font-family:Arial,
"Helvetica Neue",Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;background:#fff}
a{color:#222;text-decoration:none}a:hover,a:focus{color:#1a5e20;text-decoration:none}
img{vertical-align:middle;border:0;max-width:100%;height:auto}.container{width:1170px;margin:0 auto;
padding:0 15px}.row{margin:0 -15px}.row:after,.container:after{content:"";display:table;clear:both}
.top-bar{background:#0f3d14;color:#e5e5e5;font-size:12px;height:30px;line-height:30px}
.top-bar .top-links{float:right;list-style:none;margin:0;padding:0}.top-bar .top-links li{
display:inline-block;margin-left:12px}.top-bar a{color:#e5e5e5}.header{padding:12px 0;
background:#fff url(/App_Themes/qdnd/images/bg-header.png) repeat-x}.header .logo img{
max-height:80px}.header-tools .search-form{position:relative;margin-top:18px}.search-form input{
width:100%;height:34px;border:1px solid #ccc;border-radius:2px;padding:0 40px 0 10px}
.btn-search{position:absolute;right:0;top:0;height:34px;width:38px;border:0;background:#1a5e20;
color:#fff}.hotline{font-size:12px;color:#b30000;margin:6px 0 0}.navbar{background:#1a5e20;
border-top:3px solid #c9a227;position:relative;z-index:50}.main-menu>ul{list-style:none;margin:0;
padding:0}.main-menu>ul>li{float:left;position:relative}.main-menu>ul>li>a{display:block;
color:#fff;font-size:13px;font-weight:700;text-transform:uppercase;padding:0 9px;line-height:42px}
.main-menu .sub-menu-wrap{display:none;position:absolute;left:0;top:42px;min-width:240px;
background:#fff;box-shadow:0 3px 8px rgba(0,0,0,.2);padding:8px 0}.main-menu li:hover
.sub-menu-wrap{display:block}.sub-menu{list-style:none;margin:0;padding:0}.sub-menu li a{
display:block;padding:6px 15px;font-size:14px;color:#333}.sub-menu li a:hover{background:#f2f2f2}
.view-all{display:block;padding:6px 15px;font-size:12px;color:#1a5e20;font-style:italic}
.breadcrumbs{font-size:13px;margin:15px 0 10px;color:#777}.breadcrumbs a{color:#1a5e20;
font-weight:700;text-transform:uppercase}.breadcrumbs .sep{margin:0 6px;color:#aaa}
.post-head .post-title{font-size:30px;line-height:1.3;font-weight:700;margin:10px 0;color:#111}
.post-subinfo,.post-date{font-size:13px;color:#888;display:block;margin-bottom:8px}
.post-summary{font-weight:700;font-size:17px;line-height:1.6;margin:12px 0}.post-summary h2{
font-size:17px;margin:0}.post-summary .logo-online:before{content:"";display:inline-block;
width:60px;height:14px;background:url(/App_Themes/qdnd/images/logo-online.png) no-repeat;
margin-right:4px}.post-content{font-size:17px;line-height:1.7}.post-content p{margin:0 0 14px;
text-align:justify}.post-content table{margin:10px auto;max-width:100%}.post-content table td{
font-size:14px;color:#555;text-align:center;font-style:italic}.post-content table img{
display:block;margin:0 auto}.post-content table.data-table td,.post-content table.data-table th{
font-style:normal;border:1px solid #ccc;padding:4px 8px;text-align:left;color:#222}
.imgEditor tr[style]:first-child{display:none}.imgEditor tr:first-child td span,.imgEditor
tr:first-child td a{display:none}.alt_imgEditor td{font-size:14px;color:#555}.post-tag{
margin:20px 0;font-size:14px}.post-tag a{display:inline-block;background:#f1f1f1;padding:3px 10px;
margin:0 4px 6px 0;border-radius:2px}.social-share{margin:10px 0;font-size:13px}.social-share a{
display:inline-block;margin-right:10px;padding:2px 8px;border:1px solid #ddd;border-radius:3px}
.related-news{border-top:2px solid #1a5e20;margin:20px 0}.title-box{font-size:16px;
text-transform:uppercase;color:#1a5e20;margin:10px 0}.related-news ul{padding-left:18px}
.related-news li{margin-bottom:6px}.comment-box{margin:25px 0;background:#fafafa;padding:15px}
.comment-item{border-bottom:1px dashed #ddd;padding:8px 0}.comment-name span{color:#999;
font-size:12px}.comment-form textarea,.comment-form input{width:100%;margin-bottom:8px;
border:1px solid #ccc;padding:6px}.btn-send{background:#1a5e20;color:#fff;border:0;
padding:8px 20px}.sidebar .box-widget{margin-bottom:20px;border:1px solid #e5e5e5}.box-title{
background:#1a5e20;color:#fff;font-size:14px;margin:0;padding:8px 12px;text-transform:uppercase}
.most-read ol{list-style:none;margin:0;padding:8px 12px}.most-read li{padding:7px 0 7px 34px;
position:relative;border-bottom:1px solid #eee;font-size:14px}.most-read .num{position:absolute;
left:0;top:6px;width:24px;height:24px;line-height:24px;text-align:center;background:#c9a227;
color:#fff;border-radius:50%;font-weight:700}.hot-topics ul{margin:0;padding:10px;list-style:none}
.hot-topics li{display:inline-block;margin:0 6px 6px 0}.ad-slot{margin:0 auto 15px;
text-align:center;background:#f7f7f7}.ad-728x90{width:728px;height:90px}.ad-300x250{
width:300px;height:250px}.ad-inline{width:100%;min-height:120px}.list-news-category article{
overflow:hidden;padding:12px 0;border-bottom:1px solid #eee}.list-news-category
.article-thumbnail{float:left;width:240px;margin-right:15px}.list-news-category h3{font-size:18px;
margin:0 0 6px}.list-news-category .featured h3{font-size:24px}.pubdate{color:#999;font-size:12px;
margin:0 0 4px}.ex_page{margin:20px 0;text-align:center}.ex_page a{display:inline-block;
min-width:32px;height:32px;line-height:32px;margin:0 3px;border:1px solid #ddd;color:#333}
.ex_page a.active{background:#1a5e20;color:#fff;border-color:#1a5e20}.cate-title{font-size:24px;
text-transform:uppercase;color:#1a5e20;margin:10px 0 15px}.footer{background:#0f3d14;
color:#d9d9d9;padding:25px 0;margin-top:30px;font-size:13px}.footer a{color:#d9d9d9}
.footer-menu{list-style:none;margin:0 0 15px;padding:0 0 10px;border-bottom:1px solid #2d5b32}
.footer-menu li{display:inline-block;margin:0 12px 6px 0}.back-to-top{position:fixed;right:20px;
bottom:20px;width:40px;height:40px;line-height:40px;text-align:center;background:#1a5e20;
color:#fff;border-radius:50%;display:none}.hidden-xs{display:block}@media (max-width:767px){
.hidden-xs{display:none!important}.container{width:auto}.main-menu{display:none}.ad-728x90{
display:none}.list-news-category .article-thumbnail{width:120px}}.fa{display:inline-block;
font:normal normal normal 14px/1 FontAwesome;font-size:inherit;text-rendering:auto;
-webkit-font-smoothing:antialiased}
"""

# Font Awesome 4 icon names in code-point order (f000, f001, ...); the CSS uses the first 120.
# A split word list, not a list literal: the formatter would give each name its own line.
_ICONS: tuple[tuple[str, str], ...] = tuple(
    (name, f"f{index:03x}")
    for index, name in enumerate(
        """
        glass music search envelope-o heart star star-o user film th-large th th-list check times
        search-plus search-minus power-off signal cog trash-o home file-o clock-o road download
        arrow-circle-o-down arrow-circle-o-up inbox play-circle-o repeat refresh list-alt lock flag
        headphones volume-off volume-down volume-up qrcode barcode tag tags book bookmark print
        camera font bold italic text-height text-width align-left align-center align-right
        align-justify list dedent indent video-camera picture-o pencil map-marker adjust tint
        pencil-square-o share-square-o check-square-o arrows step-backward fast-backward backward
        play pause stop forward fast-forward step-forward eject chevron-left chevron-right
        plus-circle minus-circle times-circle check-circle question-circle info-circle crosshairs
        times-circle-o check-circle-o ban arrow-left arrow-right arrow-up arrow-down share expand
        compress plus minus asterisk exclamation-circle gift leaf fire eye eye-slash
        exclamation-triangle plane calendar random comment magnet chevron-up chevron-down retweet
        shopping-cart folder folder-open arrows-v arrows-h bar-chart twitter-square
        facebook-square camera-retro key cogs comments thumbs-o-up thumbs-o-down star-half heart-o
        sign-out linkedin-square thumb-tack external-link sign-in trophy github-square upload
        lemon-o phone square-o bookmark-o phone-square twitter facebook github unlock credit-card
        rss hdd-o bullhorn bell certificate hand-o-right hand-o-left hand-o-up hand-o-down
        arrow-circle-left arrow-circle-right arrow-circle-up arrow-circle-down globe wrench tasks
        filter briefcase arrows-alt users link cloud flask scissors files-o paperclip floppy-o
        square bars list-ul list-ol strikethrough underline table magic truck pinterest
        pinterest-square google-plus-square google-plus money caret-down caret-up caret-left
        caret-right columns sort sort-desc sort-asc envelope linkedin undo gavel tachometer
        comment-o comments-o bolt sitemap umbrella clipboard lightbulb-o exchange cloud-download
        cloud-upload user-md stethoscope suitcase bell-o coffee cutlery file-text-o building-o
        hospital-o ambulance medkit fighter-jet beer h-square plus-square angle-double-left
        angle-double-right angle-double-up angle-double-down angle-left angle-right angle-up
        angle-down desktop laptop tablet mobile circle-o quote-left quote-right spinner circle
        reply github-alt folder-o folder-open-o
        """.split()  # noqa: SIM905
    )
)

CSS = _build_css()

HEAD_SCRIPTS = (
    """<script async src="https://www.googletagmanager.com/gtag/js?id=G-QDND0DEMO1"></script>
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-QDND0DEMO1', {'anonymize_ip': true, 'cookie_flags': 'SameSite=None;Secure'});
</script>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>
window.googletag = window.googletag || {cmd: []};
googletag.cmd.push(function() {
"""
    + "".join(
        f"  googletag.defineSlot('/21812345678/qdnd_{name}', [{size}], "
        f"'div-gpt-ad-1573612345678-{slot}').addService(googletag.pubads());\n"
        for slot, (name, size) in enumerate(
            (
                ("top_banner", "[970, 90], [728, 90]"),
                ("menu_banner", "[970, 250]"),
                ("left_sticky", "[160, 600]"),
                ("inline_article_1", "[300, 250], [336, 280], 'fluid'"),
                ("inline_article_2", "[300, 250], [336, 280], 'fluid'"),
                ("inline_article_3", "[640, 360]"),
                ("below_article", "[728, 90], [640, 200]"),
                ("related_native", "'fluid'"),
                ("comment_top", "[728, 90]"),
                ("footer_banner", "[970, 90]"),
                ("right_sticky", "[160, 600]"),
                ("sidebar_1", "[300, 250], [300, 600]"),
                ("sidebar_2", "[300, 250]"),
                ("sidebar_3", "[300, 250]"),
                ("sidebar_4", "[300, 600]"),
                ("mobile_top", "[320, 100], [320, 50]"),
                ("mobile_inline", "[300, 250]"),
                ("mobile_bottom", "[320, 100]"),
                ("catfish", "[970, 90], [728, 90]"),
                ("popup", "[600, 400]"),
            )
        )
    )
    + """  googletag.pubads().enableSingleRequest();
  googletag.pubads().collapseEmptyDivs();
  googletag.pubads().setTargeting('site', 'qdnd').setTargeting('lang', 'vi');
  googletag.enableServices();
});
</script>"""
)

BODY_SCRIPTS = (
    """<script>
(function (w, d) {
  'use strict';
  var menu = d.querySelector('.main-menu');
  function closeAll() {
    var open = d.querySelectorAll('.main-menu li.open');
    for (var i = 0; i < open.length; i++) { open[i].classList.remove('open'); }
  }
  if (menu) {
    menu.addEventListener('mouseleave', closeAll);
    var items = menu.querySelectorAll('li.menu-item');
    for (var i = 0; i < items.length; i++) {
      items[i].addEventListener('mouseenter', function () {
        closeAll();
        this.classList.add('open');
      });
    }
  }
  var top = d.querySelector('.back-to-top');
  w.addEventListener('scroll', function () {
    if (!top) { return; }
    top.style.display = (w.pageYOffset > 600) ? 'block' : 'none';
  });
  if (top) {
    top.addEventListener('click', function (ev) { ev.preventDefault(); w.scrollTo(0, 0); });
  }
  function copy(text, msg) {
    var area = d.createElement('textarea');
    area.value = text; d.body.appendChild(area); area.select();
    try { d.execCommand('copy'); alert(msg); } catch (err) { /* ignore */ }
    d.body.removeChild(area);
  }
  var links = d.querySelectorAll('.copy-link, .embed-code');
  for (var j = 0; j < links.length; j++) {
    links[j].addEventListener('click', function () {
      var text = this.classList.contains('embed-code')
        ? '<iframe src="' + w.location.href + '?embed=1" width="640" height="360"></iframe>'
        : w.location.href;
      copy(text, this.getAttribute('data-msg'));
    });
  }
  var lazy = d.querySelectorAll('img[data-src]');
  if ('IntersectionObserver' in w) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          entry.target.src = entry.target.getAttribute('data-src');
          io.unobserve(entry.target);
        }
      });
    }, {rootMargin: '200px'});
    for (var k = 0; k < lazy.length; k++) { io.observe(lazy[k]); }
  }
  var form = d.querySelector('.comment-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var name = form.querySelector('[name=fullname]').value.trim();
      var body = form.querySelector('[name=content]').value.trim();
      if (!name || body.length < 10) { alert('Vui lòng nhập họ tên và nội dung ý kiến.'); return; }
      alert('Cảm ơn bạn đã gửi ý kiến. Ý kiến sẽ được biên tập trước khi đăng.');
      form.reset();
    });
  }
})(window, document);
</script>
<script>
(function (d, s, id) {
  var js, fjs = d.getElementsByTagName(s)[0];
  if (d.getElementById(id)) { return; }
  js = d.createElement(s); js.id = id; js.async = true;
  js.src = 'https://connect.facebook.net/vi_VN/sdk.js#xfbml=1&version=v18.0';
  fjs.parentNode.insertBefore(js, fjs);
}(document, 'script', 'facebook-jssdk'));
</script>
<script src="https://sp.zalo.me/plugins/sdk.js" async></script>
<script>
googletag.cmd.push(function () {
"""
    + "".join(f"  googletag.display('div-gpt-ad-1573612345678-{slot}');\n" for slot in range(20))
    + """});
</script>"""
)
