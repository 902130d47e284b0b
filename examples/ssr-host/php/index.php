<?php
// An article page rendered by a PHP host that includes Teahouse's server-rendered thread: readers
// without JavaScript and crawlers get the discussion in the HTML, and embed.js hydrates it.
//   TEAHOUSE_URL=http://127.0.0.1:8787 SITE=demo php -S 127.0.0.1:8091 examples/ssr-host/php/index.php
$teahouse = getenv('TEAHOUSE_URL') ?: 'http://127.0.0.1:8787';
// Where readers' browsers reach Teahouse (the script's origin); the same server here.
$public = getenv('TEAHOUSE_PUBLIC_URL') ?: $teahouse;
$site = getenv('SITE') ?: 'demo';

if (!preg_match('#^/a/([\w-]+)$#', parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH), $m)) {
    http_response_code(404);
    exit('not found');
}
$page = $m[1];
$p = isset($_GET['p']) && preg_match('/^\d{1,6}$/', $_GET['p']) ? $_GET['p'] : null;

/** The thread of $page as HTML, page $p of it; nothing when Teahouse cannot be reached (the embed then loads it). */
function teahouse_thread(string $base, string $site, string $page, ?string $p): string {
    $query = http_build_query(array_filter(['page' => $page, 'p' => $p], fn ($v) => $v !== null));
    $context = stream_context_create(['http' => ['timeout' => 2, 'ignore_errors' => true]]);
    $html = @file_get_contents("$base/v1/sites/" . rawurlencode($site) . "/threads/html?$query", false, $context);
    $status = isset($http_response_header[0]) ? (int) explode(' ', $http_response_header[0])[1] : 0;
    return $html !== false && $status === 200 ? $html : '';
}

$e = fn (string $s) => htmlspecialchars($s, ENT_QUOTES, 'UTF-8');
$comments = teahouse_thread($teahouse, $site, $page, $p);
header('Content-Type: text/html; charset=utf-8');
?>
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>文章 <?= $e($page) ?></title></head>
<body>
<article><h1>文章 <?= $e($page) ?></h1><p>正文……</p></article>
<?= $comments ?>
<script src="<?= $e($public) ?>/embed.js" data-site="<?= $e($site) ?>" data-page="<?= $e($page) ?>" async></script>
</body></html>
