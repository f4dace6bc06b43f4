from diagrams.cli import main

raise SystemExit(main())
