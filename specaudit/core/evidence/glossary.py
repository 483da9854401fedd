"""Common software words in Japanese and Chinese, with the English a program names them by.

A Japanese or Chinese clause and English code share few words: "タスクを削除する" and
``deleteTask`` have none in common. This glossary is general vocabulary of user
interfaces and data handling (loanwords in katakana, and the usual kanji verbs and
nouns); it is not tuned to any spec. A clause that contains a key also asks for its
English words, at less weight than its own (``text.clause_terms``).
"""

from __future__ import annotations

_ENTRIES = """
タスク task todo
トゥドゥ todo
リスト list
アイテム item
ボタン button
フィルター filter
フィルタ filter
ソート sort
チェックボックス checkbox
チェック check
テキスト text
入力 input
入力フィールド input field
フィールド field
フォーム form
テーマ theme
ダークモード dark mode theme
ライトモード light mode theme
モード mode
ローカルストレージ local storage localstorage
ストレージ storage
データ data
エラー error
メッセージ message
エラーメッセージ error message
アニメーション animation
クリック click
キー key
エンター enter
ユーザー user
ログイン login
ログアウト logout
パスワード password
メール email mail
アカウント account
プロフィール profile
ページ page
ヘッダー header
フッター footer
メニュー menu
ナビゲーション navigation nav
モーダル modal
ダイアログ dialog
アイコン icon
カード card
カテゴリ category
カテゴリー category
タグ tag
ラベル label
タイトル title
ステータス status
カウント count
カウンター counter
プログレス progress
プログレスバー progress bar
レイアウト layout
レスポンシブ responsive
モバイル mobile
タブレット tablet
デスクトップ desktop
スクロール scroll
ドラッグ drag
ドロップ drop
アップロード upload
ダウンロード download
インポート import
エクスポート export
ファイル file
画像 image
イメージ image
サーチ search
検索 search
ハイライト highlight
トースト toast
通知 notification notify
アラート alert
ツールチップ tooltip
カレンダー calendar
スケジュール schedule
リマインダー reminder
タイマー timer
セッション session
トークン token
キャッシュ cache
サーバー server
クライアント client
リクエスト request
レスポンス response
バリデーション validation validate
コンポーネント component
フック hook
ストア store
カラー color
アクセシビリティ accessibility
キーボード keyboard
ショートカット shortcut
フォーカス focus
ホバー hover
プレースホルダー placeholder
追加 add create
削除 delete remove
編集 edit update
更新 update
変更 change update
保存 save persist
読み込 load
復元 restore load
表示 show display render
非表示 hide hidden
選択 select
切り替 toggle switch
完了 complete completed done
未完了 active incomplete
完了済 completed done
取り消し線 strikethrough line through
統計 stats statistics
総数 total count
件数 count
一覧 list
詳細 detail
設定 settings config
作成 create
登録 register
確認 confirm
送信 submit send
検証 validate
空 empty
日付 date
期限 due deadline
優先度 priority
並び替 sort
並べ替 sort
絞り込 filter
永続化 persist storage
背景 background
色 color
文字 character text
文字数 length characters
最大 max maximum
最小 min minimum
失敗 fail failure error
成功 success
初期 initial default
画面 screen
ボタン button
添加 add create
删除 delete remove
编辑 edit update
显示 show display
保存 save
搜索 search
列表 list
设置 settings
输入 input
选择 select
更新 update
创建 create
按钮 button
主题 theme
导航 navigation nav
项目 project
联系 contact
邮件 email
动画 animation
性能 performance
链接 link
图片 image
标题 title
页面 page
菜单 menu
卡片 card
标签 tag label
错误 error
提示 tooltip hint
加载 load loading
响应式 responsive
移动端 mobile
クリア clear
リセット reset
キャンセル cancel
リロード reload refresh
リフレッシュ refresh
ロード load
セーブ save
コピー copy
ペースト paste
ページネーション pagination page
インデックス index
オプション option
パラメータ parameter param
パラメーター parameter param
プロパティ property prop
イベント event
ハンドラ handler
ハンドラー handler
コールバック callback
ステート state
コンテキスト context
ルート route
ルーティング routing route
リンク link
タブ tab
パネル panel
サイドバー sidebar
ウィジェット widget
グラフ chart graph
チャート chart
テーブル table
セル cell
グリッド grid
アバター avatar
バッジ badge
スピナー spinner loading
ローディング loading
ツールバー toolbar
テンプレート template
スタイル style
フォント font
サイズ size
幅 width
高さ height
余白 margin padding
間隔 spacing gap
境界線 border
枠線 border
透明 transparent opacity
角丸 rounded radius
認証 auth authentication
認可 authorization
権限 permission role
管理者 admin
ユーザー名 username
サインアップ signup register
サインイン signin login
有効 enabled valid
無効 disabled invalid
必須 required
任意 optional
空白 whitespace blank
改行 newline
文字列 string
数値 number numeric
整数 integer int
日時 datetime date time
時刻 time
時間 time hour duration
期間 period range duration
今日 today
明日 tomorrow
昨日 yesterday
曜日 weekday day
年 year
月 month
週 week
並び順 order sort
昇順 ascending asc sort
降順 descending desc sort
上限 limit max
下限 min
制限 limit
超過 exceed limit
範囲 range
合計 total sum
平均 average avg
個数 count
重複 duplicate
一意 unique
結果 result
押す press click
押下 press click
タップ tap click
ダブルクリック double click
スワイプ swipe
戻る back
閉じる close
開く open
展開 expand
折りたた collapse
非同期 async
同期 sync
受信 receive
通信 network request
接続 connect connection
オフライン offline
オンライン online
再試行 retry
リトライ retry
タイムアウト timeout
遅延 delay
待機 wait
処理 process handle
実行 run execute
開始 start
終了 end finish
停止 stop
一時停止 pause
再開 resume
状態 state status
進捗 progress
履歴 history
ログ log
記録 record log
警告 warning warn
承認 approve
却下 reject
拒否 reject deny
許可 allow permit
アーカイブ archive
ゴミ箱 trash
復旧 restore recover
バックアップ backup
共有 share
招待 invite
コメント comment
返信 reply
お気に入り favorite
ブックマーク bookmark
評価 rating
通貨 currency
金額 amount
価格 price
支払 payment pay
請求 invoice billing
注文 order
在庫 stock inventory
顧客 customer client
商品 product item
カート cart
数量 quantity
割引 discount
配送 shipping delivery
住所 address
電話 phone
名前 name
氏名 name
説明 description
メモ memo note
ノート note
本文 body content
内容 content
見出し heading title
締め切り deadline due
重要 important
緊急 urgent
分類 category
グループ group
フォルダ folder
プロジェクト project
チーム team
メンバー member
ダッシュボード dashboard
レポート report
集計 aggregate summary total
分析 analytics analysis
言語 language locale
翻訳 translation
ヘルプ help
トランジション transition
フェード fade
スライド slide
ズーム zoom
拡大 zoom expand
縮小 shrink
暗い dark
明るい light
背景色 background color
文字色 text color
コントラスト contrast
配色 color scheme palette
パレット palette
ボーダー border
マージン margin
パディング padding
ブレークポイント breakpoint
最適化 optimize
パフォーマンス performance
レンダリング render rendering
テスト test
モック mock
清除 clear
清空 clear empty
重置 reset
取消 cancel
刷新 refresh reload
复制 copy
分页 pagination page
排序 sort
筛选 filter
过滤 filter
完成 complete done completed
未完成 active incomplete
已完成 completed done
切换 toggle switch
状态 state status
统计 stats statistics
总数 total count
数量 count quantity
日期 date
时间 time
截止 deadline due
优先级 priority
分类 category
用户 user
登录 login
注册 register signup
退出 logout
密码 password
权限 permission
管理员 admin
提交 submit
确认 confirm
验证 validate validation
校验 validate validation
必填 required
长度 length
字符 character
超过 exceed
限制 limit
异常 exception error
警告 warning
通知 notification notify
消息 message
弹窗 modal dialog popup
对话框 dialog
侧边栏 sidebar
导航栏 navbar nav
底部 footer
头部 header
布局 layout
样式 style
颜色 color
背景 background
字体 font
深色 dark
暗色 dark
浅色 light
亮色 light
模式 mode
过渡 transition
悬停 hover
点击 click
滚动 scroll
拖拽 drag
上传 upload
下载 download
导出 export
导入 import
分享 share
评论 comment
收藏 favorite
首页 home
关于 about
文章 article post
博客 blog
社交 social
无障碍 accessibility
可访问性 accessibility
键盘 keyboard
焦点 focus
本地存储 local storage localstorage
存储 storage store
缓存 cache
数据 data
接口 api interface
请求 request
响应 response
网络 network
离线 offline
重试 retry
超时 timeout
加载中 loading
图表 chart
表格 table
快捷键 shortcut hotkey keyboard
展开 expand open
收起 collapse close
折叠 collapse fold
输入框 input textarea
会话 conversation session
历史 history
讨论 discussion
锚点 anchor
索引 index
迁移 migration migrate
清理 cleanup clean
软删除 soft delete
字段 field column
枚举 enum
组件 component
默认 default
宽度 width
高度 height
查询 query
授权 authorize auth
令牌 token
日志 log logger
配置 config settings
详情 detail details
图标 icon
时间线 timeline
步骤 step
进度 progress
侧栏 sidebar
提问 question ask
回复 reply answer
流式 stream streaming
模型 model
提示词 prompt
上下文 context
折りたたみ collapse fold
折り畳み collapse fold
会話 conversation
移行 migration migrate
マイグレーション migration
列挙 enum
デフォルト default
クエリ query
タイムライン timeline
ステップ step
質問 question
ストリーミング streaming stream
モデル model
プロンプト prompt
"""

GLOSSARY: dict[str, tuple[str, ...]] = {}
for _line in _ENTRIES.strip().splitlines():
    _key, *_words = _line.split()
    GLOSSARY[_key] = tuple(dict.fromkeys((*GLOSSARY.get(_key, ()), *_words)))
_KEYS = sorted(GLOSSARY, key=len, reverse=True)


def english_for(text: str) -> list[tuple[str, str]]:
    """(English word, the CJK word it stands for) for each glossary word in ``text``;
    the longest key wins where keys overlap ("ダークモード" before "モード")."""
    out: list[tuple[str, str]] = []
    taken = [False] * len(text)
    for key in _KEYS:
        start = text.find(key)
        while start >= 0:
            if not any(taken[start:start + len(key)]):
                for i in range(start, start + len(key)):
                    taken[i] = True
                out += [(w, key) for w in GLOSSARY[key]]
            start = text.find(key, start + 1)
    return out
