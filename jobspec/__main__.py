from jobspec.interrupt import main

main()
