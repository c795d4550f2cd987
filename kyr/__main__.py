from kyr.launch import main

main()
