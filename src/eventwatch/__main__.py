from eventwatch.cli import main

main()
