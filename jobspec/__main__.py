from jobspec.entry import main

main()
