from specaudit.cli import main

raise SystemExit(main())
