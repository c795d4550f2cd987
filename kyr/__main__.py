from kyr.cli import main

main()
