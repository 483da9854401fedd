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
