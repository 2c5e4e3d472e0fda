from jobspec.cli import main

main()
