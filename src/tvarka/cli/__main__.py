from tvarka.cli import main

main()
